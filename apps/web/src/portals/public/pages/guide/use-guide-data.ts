import { useIntl } from 'react-intl';
import { usePublicPages } from '../../../../features/content/queries.ts';

export function useGuideData() {
  const intl = useIntl();
  const locale = intl.locale === 'en-US' ? 'en-US' : 'zh-CN';
  return { guide: usePublicPages(locale, 'guide'), faq: usePublicPages(locale, 'faq') };
}
