import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Flex, Skeleton, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { useGuidePageData } from './use-guide-page-data.ts';

/**
 * One guide or FAQ page. The body is the server's HTML rendered from the regulator's Markdown with
 * every source character escaped (content module, markdown.ts); it is the only HTML this app ever
 * injects, and nothing typed in the browser reaches it.
 */
export function GuideArticlePage() {
  const intl = useIntl();
  const page = useGuidePageData();
  return (
    <Flex vertical gap={12}>
      <Link to="/guide">
        <ArrowLeftOutlined aria-hidden style={{ marginInlineEnd: 4 }} />
        {intl.formatMessage({ id: 'public.guide.back' })}
      </Link>
      {page.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : page.isError ? (
        <ApiErrorAlert error={page.error} onRetry={() => void page.refetch()} />
      ) : (
        <Card size="small">
          {/^\s*<h1[\s>]/.test(page.data.html) ? null : (
            // The Markdown usually opens with its own title; one h1 per page.
            <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
              {page.data.title}
            </Typography.Title>
          )}
          <Typography.Text type="secondary">
            {intl.formatMessage(
              { id: 'public.guide.updated' },
              { date: intl.formatDate(page.data.updatedAt, { dateStyle: 'medium' }) },
            )}
          </Typography.Text>
          <Typography>
            {/* Server-sanitised HTML of the content module, never user input from this page. */}
            <div className="jp-article" dangerouslySetInnerHTML={{ __html: page.data.html }} />
          </Typography>
        </Card>
      )}
    </Flex>
  );
}
