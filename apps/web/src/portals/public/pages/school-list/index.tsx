import { AppstoreOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Grid, Pagination, Segmented, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { SchoolMap } from '../../../../features/schools/components/school-map.tsx';
import { NearPoint } from './near-point.tsx';
import { SchoolCard } from './school-card.tsx';
import { SchoolFilters } from './school-filters.tsx';
import { useSchoolListData } from './use-school-list-data.ts';
import type { SchoolListView } from './use-school-list-data.ts';

const gridStyle = {
  display: 'grid',
  gap: 12,
  gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
} as const;

/** 找驾校: near a point (location, district centre or a click on the map), filtered, sorted, list or map. */
export function SchoolListPage() {
  const intl = useIntl();
  const screens = Grid.useBreakpoint();
  const data = useSchoolListData();
  const { state, schools, counties, setFilters, setPoint, setPage, setView, clearFilters, hasFilters } = data;
  const page = schools.data;
  const point =
    state.lat !== undefined && state.lon !== undefined ? { lat: state.lat, lon: state.lon } : null;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = page?.items.find((s) => s.id === selectedId) ?? null;
  const mapSchools = useMemo(
    () =>
      (page?.items ?? []).map((s) => ({
        id: s.id,
        name: s.name,
        latitude: s.latitude,
        longitude: s.longitude,
        warning: s.keySupervision || s.enrolmentStopped,
      })),
    [page],
  );

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

      <NearPoint point={point} counties={counties} onChange={setPoint} />

      <SchoolFilters
        filters={state}
        hasPoint={point !== null}
        counties={counties}
        countiesLoading={data.countiesLoading}
        onChange={setFilters}
      />

      {schools.isError ? (
        <ApiErrorAlert error={schools.error} onRetry={() => void schools.refetch()} />
      ) : null}

      <Flex justify="space-between" align="center" gap={8} wrap>
        {page ? (
          <Flex gap={8} align="center">
            <Typography.Text type="secondary" aria-live="polite">
              {intl.formatMessage(
                { id: page.totalCapped ? 'public.schoolList.countCapped' : 'public.schoolList.count' },
                { total: page.total },
              )}
            </Typography.Text>
            {hasFilters ? (
              <Button type="link" size="small" onClick={clearFilters} style={{ paddingInline: 0 }}>
                {intl.formatMessage({ id: 'public.schoolList.filter.clear' })}
              </Button>
            ) : null}
          </Flex>
        ) : (
          <span />
        )}
        <Segmented<SchoolListView>
          value={state.view}
          onChange={setView}
          options={[
            {
              value: 'list',
              icon: <AppstoreOutlined />,
              label: intl.formatMessage({ id: 'public.schoolList.view.list' }),
            },
            {
              value: 'map',
              icon: <EnvironmentOutlined />,
              label: intl.formatMessage({ id: 'public.schoolList.view.map' }),
            },
          ]}
        />
      </Flex>

      {state.view === 'map' ? (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">
            {intl.formatMessage({ id: 'public.schoolList.map.hint' })}
          </Typography.Text>
          <SchoolMap
            schools={mapSchools}
            origin={point}
            selectedId={selectedId}
            onSelectSchool={setSelectedId}
            onPickPoint={setPoint}
            mapLabel={intl.formatMessage({ id: 'public.schoolList.map.label' })}
            originLabel={intl.formatMessage({ id: 'public.schoolList.map.origin' })}
            height={screens.md ? 480 : 360}
          />
          {selected ? <SchoolCard school={selected} /> : null}
        </Flex>
      ) : schools.isPending ? (
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

      {state.view === 'list' && page && page.total > page.pageSize ? (
        <Pagination
          align="center"
          current={state.page}
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
