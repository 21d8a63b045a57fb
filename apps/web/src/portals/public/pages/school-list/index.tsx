import { Button, Card, Empty, Flex, Grid, Pagination, Skeleton, Typography } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { SchoolCard } from './school-card.tsx';
import { SchoolFilters } from './school-filters.tsx';
import { useSchoolListData } from './use-school-list-data.ts';

const gridStyle = {
  display: 'grid',
  gap: 12,
  gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
} as const;

/** Public home: every filed driving school, filtered by county, licence class and name. */
export function SchoolListPage() {
  const intl = useIntl();
  const screens = Grid.useBreakpoint();
  const { query, schools, counties, countiesLoading, setFilters, setPage, clearFilters, hasFilters } =
    useSchoolListData();
  const page = schools.data;

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={1} style={{ fontSize: screens.sm ? 28 : 22, marginTop: 0, marginBottom: 4 }}>
          {intl.formatMessage({ id: 'public.schoolList.title' })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {intl.formatMessage({ id: 'public.schoolList.subtitle' })}
        </Typography.Text>
      </div>

      <SchoolFilters
        filters={query}
        counties={counties}
        countiesLoading={countiesLoading}
        onChange={setFilters}
      />

      {schools.isError ? (
        <ApiErrorAlert error={schools.error} onRetry={() => void schools.refetch()} />
      ) : null}

      {page ? (
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text type="secondary" aria-live="polite">
            {intl.formatMessage({ id: 'public.schoolList.count' }, { total: page.total })}
          </Typography.Text>
          {hasFilters ? (
            <Button type="link" size="small" onClick={clearFilters} style={{ paddingInline: 0 }}>
              {intl.formatMessage({ id: 'public.schoolList.filter.clear' })}
            </Button>
          ) : null}
        </Flex>
      ) : null}

      {schools.isPending ? (
        <div style={gridStyle}>
          {[0, 1, 2].map((i) => (
            <Card key={i} size="small">
              <Skeleton active paragraph={{ rows: 3 }} />
            </Card>
          ))}
        </div>
      ) : page && page.items.length > 0 ? (
        <div
          style={{ ...gridStyle, opacity: schools.isPlaceholderData ? 0.6 : 1 }}
          aria-busy={schools.isFetching}
        >
          {page.items.map((school) => (
            <SchoolCard key={school.id} school={school} />
          ))}
        </div>
      ) : page ? (
        <Empty description={intl.formatMessage({ id: 'public.schoolList.empty' })}>
          {hasFilters ? (
            <Button onClick={clearFilters}>
              {intl.formatMessage({ id: 'public.schoolList.filter.clear' })}
            </Button>
          ) : null}
        </Empty>
      ) : null}

      {page && page.total > page.pageSize ? (
        <Pagination
          align="center"
          current={query.page}
          pageSize={page.pageSize}
          total={page.total}
          showSizeChanger={false}
          simple={!screens.sm}
          onChange={setPage}
        />
      ) : null}
    </Flex>
  );
}
