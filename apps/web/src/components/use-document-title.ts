import { useEffect } from 'react';
import { useIntl } from 'react-intl';
import type { MessageId } from '../i18n/index.ts';

/** Sets the browser tab title to "<page> - <portal>", in the current language. */
export function useDocumentTitle(pageKey: MessageId, appKey: MessageId): void {
  const intl = useIntl();
  const page = intl.formatMessage({ id: pageKey });
  const app = intl.formatMessage({ id: appKey });
  const title = intl.formatMessage({ id: 'common.app.pageTitle' }, { page, app });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
