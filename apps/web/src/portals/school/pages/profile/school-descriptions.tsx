import { Descriptions, Grid, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useIntl } from 'react-intl';
import type { SchoolDetail } from '../../../../api/types.ts';
import { StatusTag } from '../../../../components/status-tag.tsx';
import { LicenceClassTags } from '../../../../features/schools/components/licence-class-tags.tsx';
import { SchoolGradeTag } from '../../../../features/schools/components/school-grade-tag.tsx';

/** The school's filed profile as a label/value list. */
export function SchoolDescriptions({ school }: { school: SchoolDetail }) {
  const intl = useIntl();
  const screens = Grid.useBreakpoint();
  const none = intl.formatMessage({ id: 'common.value.none' });
  const orNone = (value: string | null | undefined) => (value ? value : none);
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: intl.formatMessage({ id: 'school.profile.field.name' }), children: school.name },
    {
      key: 'shortName',
      label: intl.formatMessage({ id: 'school.profile.field.shortName' }),
      children: orNone(school.shortName),
    },
    {
      key: 'creditCode',
      label: intl.formatMessage({ id: 'school.profile.field.creditCode' }),
      children: <Typography.Text copyable={{ text: school.creditCode }}>{school.creditCode}</Typography.Text>,
    },
    {
      key: 'licenceNumber',
      label: intl.formatMessage({ id: 'school.profile.field.licenceNumber' }),
      children: orNone(school.licenceNumber),
    },
    {
      key: 'grade',
      label: intl.formatMessage({ id: 'school.profile.field.grade' }),
      children: <SchoolGradeTag grade={school.grade} />,
    },
    {
      key: 'status',
      label: intl.formatMessage({ id: 'school.profile.field.status' }),
      children: <StatusTag kind="school" value={school.status} />,
    },
    {
      key: 'licenceClasses',
      label: intl.formatMessage({ id: 'school.profile.field.licenceClasses' }),
      children: <LicenceClassTags classes={school.licenceClasses} />,
    },
    {
      key: 'county',
      label: intl.formatMessage({ id: 'school.profile.field.county' }),
      children: orNone(school.countyName),
    },
    {
      key: 'phone',
      label: intl.formatMessage({ id: 'school.profile.field.phone' }),
      children: orNone(school.phone),
    },
    {
      key: 'address',
      label: intl.formatMessage({ id: 'school.profile.field.address' }),
      children: orNone(school.address),
      span: 'filled',
    },
    {
      key: 'introduction',
      label: intl.formatMessage({ id: 'school.profile.field.introduction' }),
      children: (
        <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-line' }}>
          {orNone(school.introduction)}
        </Typography.Paragraph>
      ),
      span: 'filled',
    },
  ];
  // Label above value on phones, where a label column would leave the values too little room.
  return (
    <Descriptions
      bordered
      size="middle"
      layout={screens.md ? 'horizontal' : 'vertical'}
      column={{ xs: 1, sm: 1, md: 2 }}
      items={items}
      styles={{ label: { whiteSpace: 'nowrap' } }}
    />
  );
}
