import { Button, Result } from 'antd';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import type { Portal } from '../../api/types.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { portalBrandId } from '../../features/auth/labels.ts';
import { homePathOf } from '../paths.ts';

/** 404 inside a portal, with a way back to the portal's home page. */
export function NotFound({ portal }: { portal: Portal }) {
  const intl = useIntl();
  const navigate = useNavigate();
  useDocumentTitle('common.notFound.title', portalBrandId(portal));
  return (
    <Result
      status="404"
      title={intl.formatMessage({ id: 'common.notFound.title' })}
      subTitle={intl.formatMessage({ id: 'common.notFound.description' })}
      extra={
        <Button type="primary" onClick={() => void navigate(homePathOf(portal))}>
          {intl.formatMessage({ id: 'common.action.backHome' })}
        </Button>
      }
    />
  );
}
