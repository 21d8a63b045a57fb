import { EnvironmentOutlined, ExclamationCircleOutlined, PhoneOutlined, StarFilled } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Grid,
  Image,
  List,
  Pagination,
  Progress,
  Rate,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { Link } from 'react-router';
import type { ResponseOf } from '../../../../api/types.ts';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { MoneyText } from '../../../../components/money-text.tsx';
import { LicenceClassTags } from '../../../../features/schools/components/licence-class-tags.tsx';
import { SchoolGradeTag } from '../../../../features/schools/components/school-grade-tag.tsx';
import { SchoolMap } from '../../../../features/schools/components/school-map.tsx';
import { formatRate, formatStars } from '../../../../features/schools/format.ts';
import { priceColor } from '../../../../theme.ts';
import { NavigateButton } from '../school-list/school-card.tsx';
import { useSchoolProfileData } from './use-school-profile-data.ts';

type Profile = ResponseOf<'/api/public/schools/{schoolId}', 'get'>;
type Warning = Profile['warnings'][number];

const warningIds = {
  key_supervision: 'public.warning.key_supervision',
  enrolment_stopped: 'public.warning.enrolment_stopped',
  suspended: 'public.warning.suspended',
  closed: 'public.warning.closed',
} as const;
// The demo seed names photo paths (/demo/photos/…) that no build ships yet; a missing file shows
// this neutral placeholder instead of a broken-image icon.
const photoFallback =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="110" viewBox="0 0 160 110">' +
      '<rect width="160" height="110" fill="#eef2f6"/>' +
      '<path d="M50 70h60l-8-20H58z" fill="#c5cfdb"/><circle cx="62" cy="72" r="6" fill="#a9b6c6"/>' +
      '<circle cx="98" cy="72" r="6" fill="#a9b6c6"/></svg>',
  );
const ratingDimensions = ['overall', 'teaching', 'attitude', 'car', 'environment'] as const;

function WarningBanner({ warning }: { warning: Warning }) {
  const intl = useIntl();
  return (
    <Alert
      type={warning.code === 'key_supervision' || warning.code === 'suspended' ? 'error' : 'warning'}
      showIcon
      icon={<ExclamationCircleOutlined />}
      message={intl.formatMessage({ id: warningIds[warning.code] })}
      description={
        warning.reason || warning.since
          ? intl.formatMessage(
              { id: 'public.schoolProfile.warningDetail' },
              {
                since: warning.since ? intl.formatDate(warning.since, { dateStyle: 'medium' }) : '—',
                reason: warning.reason ?? '—',
              },
            )
          : undefined
      }
    />
  );
}

/** 驾校主页: everything a trainee weighs before enrolling, and the enrol and complain buttons. */
export function SchoolProfilePage() {
  const intl = useIntl();
  const screens = Grid.useBreakpoint();
  const { profile, evaluations, evaluationPage, setEvaluationPage } = useSchoolProfileData();
  const school = profile.data;
  const areas = useMemo(
    () =>
      (school?.teachingAreas.features ?? []).map((f) => ({
        id: f.id,
        name: f.properties.name,
        rings: f.geometry.coordinates,
      })),
    [school],
  );
  const schoolPin = useMemo(
    () =>
      school
        ? [
            {
              id: school.id,
              name: school.name,
              latitude: school.latitude,
              longitude: school.longitude,
              warning: false,
            },
          ]
        : [],
    [school],
  );
  const t = (id: Parameters<typeof intl.formatMessage>[0]['id'], values?: Record<string, string | number>) =>
    intl.formatMessage({ id }, values);

  if (profile.isPending) {
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  if (profile.isError || !school) {
    return <ApiErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />;
  }
  const enrolling = school.status === 'operating';

  return (
    <Flex vertical gap={16}>
      <Flex vertical gap={8}>
        <Flex align="center" gap={8} wrap>
          <Typography.Title level={1} style={{ fontSize: screens.sm ? 26 : 20, margin: 0 }}>
            {school.name}
          </Typography.Title>
          <SchoolGradeTag grade={school.grade} />
        </Flex>
        <Typography.Text type="secondary">
          <EnvironmentOutlined aria-hidden style={{ marginInlineEnd: 4 }} />
          {t('public.schoolList.card.place', { county: school.countyName, address: school.address })}
        </Typography.Text>
        <LicenceClassTags classes={school.licenceClasses} />
        <Flex gap={8} wrap>
          {school.phone ? (
            <Button href={school.links.tel} icon={<PhoneOutlined />}>
              {t('public.schoolList.card.call')}
            </Button>
          ) : null}
          <NavigateButton links={school.links} name={school.name} />
          <Link to={`/complaints/new?schoolId=${school.id}`}>
            <Button danger>{t('public.schoolProfile.complain')}</Button>
          </Link>
        </Flex>
      </Flex>

      {school.warnings.map((w) => (
        <WarningBanner key={w.code} warning={w} />
      ))}

      <Card title={t('public.schoolProfile.introduction')} size="small">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: school.photos.length ? 12 : 0 }}>
          {school.introduction || t('common.value.none')}
        </Typography.Paragraph>
        {school.photos.length > 0 ? (
          <Image.PreviewGroup>
            <Flex gap={8} wrap>
              {school.photos.map((src, i) => (
                <Image
                  key={src}
                  src={src}
                  width={160}
                  height={110}
                  fallback={photoFallback}
                  style={{ objectFit: 'cover', borderRadius: 6 }}
                  alt={t('public.schoolProfile.photoAlt', { name: school.name, index: i + 1 })}
                />
              ))}
            </Flex>
          </Image.PreviewGroup>
        ) : null}
      </Card>

      <Card title={t('public.schoolProfile.classTypes')} size="small">
        {school.classTypes.length === 0 ? (
          <Empty description={t('public.schoolList.card.noPrice')} />
        ) : (
          <Flex vertical gap={12}>
            {school.classTypes.map((ct) => (
              <Card
                key={ct.id}
                type="inner"
                size="small"
                title={
                  <Flex gap={8} align="center" wrap>
                    <span>{ct.name}</span>
                    <Tag translate="no">{ct.licenceClass}</Tag>
                  </Flex>
                }
                extra={
                  <span style={{ color: priceColor }}>
                    <MoneyText amountFen={ct.priceFen} strong />
                  </span>
                }
              >
                <Flex vertical gap={8}>
                  {ct.description ? <Typography.Text>{ct.description}</Typography.Text> : null}
                  {ct.inclusions.length > 0 ? (
                    <Flex gap={4} wrap>
                      {ct.inclusions.map((inc) => (
                        <Tag key={inc} color="blue" style={{ marginInlineEnd: 0 }}>
                          {inc}
                        </Tag>
                      ))}
                    </Flex>
                  ) : null}
                  <Table
                    size="small"
                    pagination={false}
                    rowKey={(fee) => `${fee.kind}-${fee.item}`}
                    dataSource={ct.fees}
                    columns={[
                      { title: t('public.schoolProfile.fee.item'), dataIndex: 'item' },
                      {
                        title: t('public.schoolProfile.fee.amount'),
                        dataIndex: 'amountFen',
                        align: 'right',
                        render: (v: number) => <MoneyText amountFen={v} />,
                      },
                      {
                        title: t('public.schoolProfile.fee.kind'),
                        dataIndex: 'kind',
                        render: (kind: 'included' | 'extra') => (
                          <Tag color={kind === 'included' ? 'green' : 'orange'}>
                            {t(
                              kind === 'included'
                                ? 'public.schoolProfile.fee.included'
                                : 'public.schoolProfile.fee.extra',
                            )}
                          </Tag>
                        ),
                      },
                      { title: t('public.schoolProfile.fee.note'), dataIndex: 'note' },
                    ]}
                  />
                  <Flex justify="flex-end">
                    {enrolling ? (
                      <Link to={`/enrol/${school.id}/${ct.id}`}>
                        <Button
                          type="primary"
                          aria-label={t('public.schoolProfile.enrolAria', { name: ct.name })}
                        >
                          {t('public.schoolProfile.enrol')}
                        </Button>
                      </Link>
                    ) : (
                      <Button disabled>{t('public.warning.enrolment_stopped')}</Button>
                    )}
                  </Flex>
                </Flex>
              </Card>
            ))}
          </Flex>
        )}
      </Card>

      <Flex gap={16} wrap>
        <Card title={t('public.schoolProfile.passRates')} size="small" style={{ flex: '1 1 280px' }}>
          {school.passRates.length === 0 ? (
            <Typography.Text type="secondary">{t('public.schoolProfile.noExams')}</Typography.Text>
          ) : (
            <Flex vertical gap={8}>
              {school.passRates.map((p) => (
                <div key={p.part}>
                  <Typography.Text>
                    {t('public.schoolProfile.partRate', {
                      part: p.part,
                      rate: p.passRate === null ? '—' : formatRate(p.passRate, intl),
                      passed: p.passed,
                      attempts: p.attempts,
                    })}
                  </Typography.Text>
                  <Progress
                    percent={Math.round((p.passRate ?? 0) * 1000) / 10}
                    showInfo={false}
                    size="small"
                  />
                </div>
              ))}
            </Flex>
          )}
        </Card>
        <Card title={t('public.schoolProfile.complaints')} size="small" style={{ flex: '1 1 280px' }}>
          <Typography.Text>
            {school.complaints.per100Cars === null
              ? t('public.schoolProfile.noComplaintRate')
              : t('public.schoolProfile.complaintRate', {
                  rate: intl.formatNumber(school.complaints.per100Cars, { maximumFractionDigits: 2 }),
                  count: school.complaints.count ?? 0,
                  cars: school.complaints.vehicleCount,
                })}
          </Typography.Text>
        </Card>
      </Flex>

      <Card title={t('public.schoolProfile.teachingAreas')} size="small">
        <SchoolMap
          schools={schoolPin}
          areas={areas}
          origin={null}
          mapLabel={t('public.schoolProfile.areaMap', { name: school.name })}
          originLabel={t('public.schoolList.map.origin')}
          height={260}
        />
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          {school.teachingAreas.features.map((f) => (
            <Tag key={f.id}>
              {t('public.schoolProfile.area', {
                name: f.properties.name,
                area: intl.formatNumber(f.properties.areaM2),
              })}
            </Tag>
          ))}
        </Flex>
      </Card>

      <Flex gap={16} wrap>
        <Card
          title={t('public.schoolProfile.coaches', { count: school.coaches.length })}
          size="small"
          style={{ flex: '1 1 300px' }}
        >
          <List
            size="small"
            dataSource={school.coaches}
            pagination={school.coaches.length > 8 ? { pageSize: 8, size: 'small' } : false}
            renderItem={(c) => (
              <List.Item>
                <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
                  <span>{c.name}</span>
                  <Typography.Text type="secondary">
                    {t('public.schoolProfile.coachLine', {
                      classes: c.licenceClasses.join(' '),
                      years: c.yearsAtSchool,
                    })}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
        <Card
          title={t('public.schoolProfile.cars', { count: school.vehicles.length })}
          size="small"
          style={{ flex: '1 1 300px' }}
        >
          <List
            size="small"
            dataSource={school.vehicles}
            pagination={school.vehicles.length > 8 ? { pageSize: 8, size: 'small' } : false}
            renderItem={(v) => (
              <List.Item>
                <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
                  <span translate="no">{v.plateMasked}</span>
                  <Typography.Text type="secondary">{`${v.licenceClass} · ${v.make} ${v.model}`}</Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      </Flex>

      <Card title={t('public.schoolProfile.evaluations')} size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 3 }}
          items={ratingDimensions.map((d) => ({
            key: d,
            label: t(`public.rating.${d}`),
            children:
              school.rating[d] === null ? (
                t('public.schoolList.card.noRating')
              ) : (
                <span>
                  <StarFilled aria-hidden style={{ color: '#faad14', marginInlineEnd: 4 }} />
                  {formatStars(school.rating[d] ?? 0, intl)}
                </span>
              ),
          }))}
        />
        <Typography.Text type="secondary">
          {t('public.schoolProfile.ratingCount', { count: school.rating.count })}
        </Typography.Text>
        {evaluations.isError ? <ApiErrorAlert error={evaluations.error} /> : null}
        <List
          style={{ marginTop: 8 }}
          loading={evaluations.isPending}
          dataSource={evaluations.data?.items ?? []}
          locale={{ emptyText: t('public.schoolList.card.noRating') }}
          renderItem={(e) => (
            <List.Item>
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Flex gap={8} align="center" wrap>
                  <Rate disabled value={e.overall} style={{ fontSize: 14 }} />
                  <Typography.Text type="secondary">
                    {t('public.schoolProfile.evaluationMeta', {
                      part: e.part,
                      coach: e.coachName ?? '—',
                      date: intl.formatDate(e.createdAt, { dateStyle: 'medium' }),
                    })}
                  </Typography.Text>
                </Flex>
                {e.text ? <Typography.Text>{e.text}</Typography.Text> : null}
              </Flex>
            </List.Item>
          )}
        />
        {evaluations.data && evaluations.data.total > evaluations.data.pageSize ? (
          <Pagination
            align="center"
            size="small"
            current={evaluationPage}
            pageSize={evaluations.data.pageSize}
            total={evaluations.data.total}
            onChange={setEvaluationPage}
          />
        ) : null}
      </Card>
    </Flex>
  );
}
