import { Card, Flex, List, Skeleton, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { useGuideData } from './use-guide-data.ts';

/** 学车指南 and 常见问题: the city regulator's pages, listed by section. */
export function GuidePage() {
  const intl = useIntl();
  const { guide, faq } = useGuideData();
  const sections = [
    { key: 'guide', title: intl.formatMessage({ id: 'public.guide.sectionGuide' }), query: guide },
    { key: 'faq', title: intl.formatMessage({ id: 'public.guide.sectionFaq' }), query: faq },
  ] as const;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
        {intl.formatMessage({ id: 'public.guide.title' })}
      </Typography.Title>
      {sections.map(({ key, title, query }) => (
        <Card key={key} title={title} size="small">
          {query.isError ? <ApiErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
          {query.isPending ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : (
            <List
              dataSource={query.data ?? []}
              locale={{ emptyText: intl.formatMessage({ id: 'public.guide.empty' }) }}
              renderItem={(page) => (
                <List.Item>
                  <Link to={`/guide/${page.slug}`}>{page.title}</Link>
                </List.Item>
              )}
            />
          )}
        </Card>
      ))}
    </Flex>
  );
}
