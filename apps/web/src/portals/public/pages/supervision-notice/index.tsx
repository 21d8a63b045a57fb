import { Card, Empty, Flex, Select, Skeleton, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import {
  usePublicNotice,
  usePublicNotices,
  type SupervisionNotice,
} from '../../../../features/sanctions/queries.ts';
import { SanctionTag, SubjectTag } from '../../../../features/sanctions/sanction-tag.tsx';

type Item = SupervisionNotice['items'][number];

/**
 * 重点监管通报: a city's monthly notice of the schools and coaches under key supervision (reason, sanction,
 * period), as the city published it; coaches' names are masked by the server. The choice of city and
 * month lives in the address so a notice can be linked to.
 */
export function SupervisionNoticePage() {
  const intl = useIntl();
  const t = (id: Parameters<typeof intl.formatMessage>[0]['id'], values?: Record<string, string>) =>
    intl.formatMessage({ id }, values);
  const [params, setParams] = useSearchParams();
  const index = usePublicNotices();
  const published = index.data?.items ?? [];
  // Without a choice in the address, the newest published notice.
  const city = params.get('city') ?? published[0]?.cityCode;
  const month = params.get('month') ?? published.find((n) => n.cityCode === city)?.month;
  const notice = usePublicNotice(city, month);
  const cities = [...new Map(published.map((n) => [n.cityCode, n.cityName])).entries()];
  const months = published.filter((n) => n.cityCode === city).map((n) => n.month);
  const none = t('common.value.none');

  // Short cells (a masked name, a tag, a day) stay on one line; the school and the reason wrap.
  const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });
  const columns: TableProps<Item>['columns'] = [
    {
      title: t('sanctions.field.subject'),
      dataIndex: 'subject',
      render: (s: Item['subject']) => <SubjectTag subject={s} />,
      onHeaderCell: nowrap,
    },
    { title: t('sanctions.field.school'), dataIndex: 'schoolName' },
    {
      title: t('sanctions.field.coach'),
      dataIndex: 'coachName',
      render: (v: string | null) => v ?? none,
      onCell: nowrap,
      onHeaderCell: nowrap,
    },
    {
      title: t('sanctions.field.sanction'),
      dataIndex: 'sanction',
      render: (s: string) => <SanctionTag sanction={s} />,
    },
    { title: t('sanctions.field.reason'), dataIndex: 'reason' },
    {
      title: t('sanctions.field.period'),
      key: 'period',
      render: (_: unknown, i) =>
        i.untilDate
          ? t('sanctions.period.bounded', { from: i.fromDate, until: i.untilDate })
          : t('sanctions.period.open', { from: i.fromDate }),
    },
    {
      title: t('sanctions.public.lifted'),
      dataIndex: 'liftedOn',
      onHeaderCell: nowrap,
      render: (v: string | null) => (v ? t('sanctions.public.liftedOn', { day: v }) : none),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
        {t('sanctions.public.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('sanctions.public.intro')}
      </Typography.Paragraph>
      {index.isError ? <ApiErrorAlert error={index.error} onRetry={() => void index.refetch()} /> : null}
      {index.isPending ? (
        <Skeleton active />
      ) : published.length === 0 ? (
        <Empty description={t('sanctions.public.noneYet')} />
      ) : (
        <Card
          title={
            notice.data
              ? t('sanctions.public.heading', { city: notice.data.cityName, month: notice.data.month })
              : t('sanctions.public.title')
          }
          extra={
            <Flex gap="small">
              <Select
                aria-label={t('sanctions.notice.city')}
                style={{ minWidth: 120 }}
                value={city}
                onChange={(c: string) => setParams({ city: c })}
                options={cities.map(([code, name]) => ({ value: code, label: name }))}
              />
              <Select
                aria-label={t('sanctions.notice.month')}
                style={{ minWidth: 120 }}
                value={month}
                onChange={(m: string) => setParams({ ...(city ? { city } : {}), month: m })}
                options={months.map((m) => ({ value: m, label: m }))}
              />
            </Flex>
          }
        >
          {notice.isError ? <ApiErrorAlert error={notice.error} /> : null}
          {notice.data ? (
            <>
              <Typography.Paragraph type="secondary">
                {t('sanctions.public.summary', {
                  schools: String(notice.data.items.filter((i) => i.subject === 'school').length),
                  coaches: String(notice.data.items.filter((i) => i.subject === 'coach').length),
                  publishedAt: intl.formatDate(notice.data.publishedAt, { dateStyle: 'long' }),
                })}
              </Typography.Paragraph>
              <Table<Item>
                rowKey={(i) => `${i.subject}-${i.schoolName}-${i.coachName ?? ''}-${i.fromDate}`}
                columns={columns}
                dataSource={notice.data.items}
                locale={{ emptyText: t('sanctions.public.emptyMonth') }}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
              />
            </>
          ) : (
            <Skeleton active loading={notice.isFetching} />
          )}
        </Card>
      )}
    </Flex>
  );
}
