import { AimOutlined, EnvironmentOutlined, PhoneOutlined, StarFilled } from '@ant-design/icons';
import { Button, Card, Dropdown, Flex, Tag, Typography } from 'antd';
import { useIntl } from 'react-intl';
import type { IntlShape } from 'react-intl';
import { Link } from 'react-router';
import type { PublicSchool } from '../../../../api/types.ts';
import { MoneyText } from '../../../../components/money-text.tsx';
import { LicenceClassTags } from '../../../../features/schools/components/licence-class-tags.tsx';
import { SchoolGradeTag } from '../../../../features/schools/components/school-grade-tag.tsx';
import { formatDistance, formatRate, formatStars } from '../../../../features/schools/format.ts';
import { priceColor } from '../../../../theme.ts';

/** "历下区 · 经十路100号", without repeating the county when the address already names it. */
function placeOf(school: Pick<PublicSchool, 'countyName' | 'address'>, intl: IntlShape): string {
  if (!school.address) {
    return school.countyName;
  }
  if (school.address.includes(school.countyName)) {
    return school.address;
  }
  return intl.formatMessage(
    { id: 'public.schoolList.card.place' },
    { county: school.countyName, address: school.address },
  );
}

type Links = PublicSchool['links'];

/** 导航: the system's map app (geo:), Amap or Baidu; every link is built by the server in WGS-84. */
export function NavigateButton({ links, name }: { links: Links; name: string }) {
  const intl = useIntl();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'geo', label: <a href={links.geo}>{intl.formatMessage({ id: 'public.nav.geo' })}</a> },
          {
            key: 'amap',
            label: (
              <a href={links.amap} target="_blank" rel="noreferrer noopener">
                {intl.formatMessage({ id: 'public.nav.amap' })}
              </a>
            ),
          },
          { key: 'baidu', label: <a href={links.baidu}>{intl.formatMessage({ id: 'public.nav.baidu' })}</a> },
        ],
      }}
    >
      <Button icon={<AimOutlined />} aria-label={intl.formatMessage({ id: 'public.nav.aria' }, { name })}>
        {intl.formatMessage({ id: 'public.nav.go' })}
      </Button>
    </Dropdown>
  );
}

/** One school in the public list: distance, price, rating, pass rate, complaints, warnings, call, navigate. */
export function SchoolCard({ school }: { school: PublicSchool }) {
  const intl = useIntl();
  const none = intl.formatMessage({ id: 'common.value.none' });
  return (
    <Card size="small" styles={{ body: { padding: 16, height: '100%' } }} style={{ height: '100%' }}>
      <Flex vertical gap={8} style={{ height: '100%' }}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Title level={3} style={{ margin: 0, fontSize: 16, lineHeight: 1.4 }}>
            <Link to={`/schools/${school.id}`}>{school.name}</Link>
          </Typography.Title>
          <Flex gap={4} style={{ flex: 'none' }}>
            <SchoolGradeTag grade={school.grade} />
          </Flex>
        </Flex>
        {school.keySupervision || school.enrolmentStopped ? (
          <Flex gap={4} wrap>
            {school.keySupervision ? (
              <Tag color="error" style={{ marginInlineEnd: 0 }}>
                {intl.formatMessage({ id: 'public.warning.key_supervision' })}
              </Tag>
            ) : null}
            {school.enrolmentStopped ? (
              <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                {intl.formatMessage({
                  id:
                    school.status === 'suspended'
                      ? 'public.warning.suspended'
                      : school.status === 'closed'
                        ? 'public.warning.closed'
                        : 'public.warning.enrolment_stopped',
                })}
              </Tag>
            ) : null}
          </Flex>
        ) : null}
        <Typography.Text type="secondary">
          <EnvironmentOutlined aria-hidden style={{ marginInlineEnd: 4 }} />
          {school.distanceM === null
            ? placeOf(school, intl)
            : intl.formatMessage(
                { id: 'public.schoolList.card.distancePlace' },
                { distance: formatDistance(school.distanceM, intl), place: placeOf(school, intl) },
              )}
        </Typography.Text>
        <Flex align="center" gap={8} wrap>
          <LicenceClassTags classes={school.licenceClasses} />
        </Flex>
        <Flex gap={12} wrap style={{ fontSize: 13 }}>
          <span>
            <StarFilled aria-hidden style={{ color: '#faad14', marginInlineEnd: 2 }} />
            {school.rating === null
              ? intl.formatMessage({ id: 'public.schoolList.card.noRating' })
              : intl.formatMessage(
                  { id: 'public.schoolList.card.rating' },
                  { stars: formatStars(school.rating, intl), count: school.ratingCount },
                )}
          </span>
          <span>
            {intl.formatMessage(
              { id: 'public.schoolList.card.passRate' },
              { rate: school.passRate === null ? none : formatRate(school.passRate, intl) },
            )}
          </span>
          <span>
            {intl.formatMessage(
              { id: 'public.schoolList.card.complaintRate' },
              {
                rate:
                  school.complaintsPer100Cars === null
                    ? none
                    : intl.formatNumber(school.complaintsPer100Cars, { maximumFractionDigits: 2 }),
              },
            )}
          </span>
        </Flex>
        <Typography.Text type="secondary">
          {intl.formatMessage(
            { id: 'public.schoolList.card.resources' },
            { coaches: school.coachCount, vehicles: school.vehicleCount },
          )}
        </Typography.Text>
        <Flex
          justify="space-between"
          align="center"
          gap={8}
          wrap
          style={{ marginTop: 'auto', paddingTop: 4 }}
        >
          {school.minPriceFen === null ? (
            <Typography.Text type="secondary">
              {intl.formatMessage({ id: 'public.schoolList.card.noPrice' })}
            </Typography.Text>
          ) : (
            <span style={{ color: priceColor }}>
              {intl.formatMessage(
                { id: 'public.schoolList.card.minPrice' },
                {
                  price: <MoneyText key="price" amountFen={school.minPriceFen} strong className="jp-price" />,
                },
              )}
            </span>
          )}
          <Flex gap={4}>
            {school.phone ? (
              <Button
                href={school.links.tel}
                icon={<PhoneOutlined />}
                aria-label={intl.formatMessage(
                  { id: 'public.schoolList.card.callAria' },
                  { name: school.name, phone: school.phone },
                )}
              >
                {intl.formatMessage({ id: 'public.schoolList.card.call' })}
              </Button>
            ) : null}
            <NavigateButton links={school.links} name={school.name} />
          </Flex>
        </Flex>
      </Flex>
    </Card>
  );
}
