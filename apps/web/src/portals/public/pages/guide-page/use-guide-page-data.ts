import { useIntl } from 'react-intl';
import { useParams } from 'react-router';
import { usePublicPage } from '../../../../features/content/queries.ts';

export function useGuidePageData() {
  const intl = useIntl();
  const { slug } = useParams<{ slug: string }>();
  return usePublicPage(slug, intl.locale === 'en-US' ? 'en-US' : 'zh-CN');
}
