import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useIntl } from 'react-intl';
import type { Coach, Page, PageQuery } from '../../../api/types.ts';
import { MaskedId } from '../../../components/masked-id.tsx';
import { StatusTag } from '../../../components/status-tag.tsx';
import { toTablePagination } from '../../../components/table-paging.ts';
import { LicenceClassTags } from '../../schools/components/licence-class-tags.tsx';

type CoachTableProps = {
  page: Page<Coach> | undefined;
  loading: boolean;
  paging: PageQuery;
  onPagingChange: (paging: PageQuery) => void;
};

/** A school's coaches, server-paged; identity numbers arrive masked and stay so. */
export function CoachTable({ page, loading, paging, onPagingChange }: CoachTableProps) {
  const intl = useIntl();
  const t = (id: Parameters<typeof intl.formatMessage>[0]['id']) => intl.formatMessage({ id });
  const columns: TableColumnsType<Coach> = [
    {
      key: 'coachNumber',
      dataIndex: 'coachNumber',
      title: t('school.coaches.table.coachNumber'),
    },
    { key: 'name', dataIndex: 'name', title: t('school.coaches.table.name') },
    {
      key: 'gender',
      dataIndex: 'gender',
      title: t('school.coaches.table.gender'),
      render: (gender: Coach['gender']) =>
        t(gender === 'female' ? 'common.gender.female' : 'common.gender.male'),
    },
    {
      key: 'idNumber',
      dataIndex: 'idNumberMasked',
      title: t('school.coaches.table.idNumber'),
      render: (value: string) => <MaskedId value={value} />,
    },
    { key: 'phone', dataIndex: 'phone', title: t('school.coaches.table.phone') },
    {
      key: 'licenceClasses',
      dataIndex: 'licenceClasses',
      title: t('school.coaches.table.licenceClasses'),
      render: (classes: string[]) => <LicenceClassTags classes={classes} />,
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('school.coaches.table.status'),
      render: (status: Coach['status']) => <StatusTag kind="coach" value={status} />,
    },
    { key: 'hiredOn', dataIndex: 'hiredOn', title: t('school.coaches.table.hiredOn') },
  ];

  return (
    <Table<Coach>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={page?.items ?? []}
      loading={loading}
      pagination={toTablePagination(paging, page?.total, onPagingChange, intl)}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('school.coaches.empty') }}
    />
  );
}
