import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useIntl } from 'react-intl';
import type { IntlShape } from 'react-intl';
import type { PublicSchool } from '../../../../api/types.ts';
import { MoneyText } from '../../../../components/money-text.tsx';
import { StatusTag } from '../../../../components/status-tag.tsx';
import { LicenceClassTags } from '../../../../features/schools/components/licence-class-tags.tsx';
import { SchoolGradeTag } from '../../../../features/schools/components/school-grade-tag.tsx';
import { priceColor } from '../../../../theme.ts';

function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

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

/** One school in the public list: who they are, what they teach, from what price, and a call button. */
export function SchoolCard({ school }: { school: PublicSchool }) {
  const intl = useIntl();
  return (
    <Card size="small" styles={{ body: { padding: 16, height: '100%' } }} style={{ height: '100%' }}>
      <Flex vertical gap={8} style={{ height: '100%' }}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Title level={3} style={{ margin: 0, fontSize: 16, lineHeight: 1.4 }}>
            {school.name}
          </Typography.Title>
          <Flex gap={4} style={{ flex: 'none' }}>
            {school.status === 'operating' ? null : <StatusTag kind="school" value={school.status} />}
            <SchoolGradeTag grade={school.grade} />
          </Flex>
        </Flex>
        <Typography.Text type="secondary">
          <EnvironmentOutlined aria-hidden style={{ marginInlineEnd: 4 }} />
          {placeOf(school, intl)}
        </Typography.Text>
        <Flex align="center" gap={8} wrap>
          <LicenceClassTags classes={school.licenceClasses} />
        </Flex>
        <Typography.Text type="secondary">
          {intl.formatMessage(
            { id: 'public.schoolList.card.resources' },
            { coaches: school.coachCount, vehicles: school.vehicleCount },
          )}
        </Typography.Text>
        <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 'auto', paddingTop: 4 }}>
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
          {school.phone ? (
            <Button
              href={telHref(school.phone)}
              icon={<PhoneOutlined />}
              aria-label={intl.formatMessage(
                { id: 'public.schoolList.card.callAria' },
                { name: school.name, phone: school.phone },
              )}
            >
              {intl.formatMessage({ id: 'public.schoolList.card.call' })}
            </Button>
          ) : null}
        </Flex>
      </Flex>
    </Card>
  );
}
