import {
  App,
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Popconfirm,
  Segmented,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { MaskedId } from '../../../../components/masked-id.tsx';
import { MoneyText } from '../../../../components/money-text.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import {
  schoolContractPdfUrl,
  type Contract,
  type ContractSummary,
} from '../../../../features/contracts/queries.ts';
import { isMessageId } from '../../../../i18n/index.ts';
import { useContractsData, type ContractFilter } from './use-contracts-data.ts';

const filters = [
  'awaiting_school_signature',
  'active',
  'awaiting_trainee_signature',
  'all',
] as const satisfies readonly ContractFilter[];
const statusColors: Record<string, string> = {
  awaiting_trainee_signature: 'default',
  awaiting_school_signature: 'processing',
  active: 'success',
  transferred: 'warning',
  cancelled: 'default',
};

/** 合同会签: contracts the trainee signed wait here; read the whole text, then countersign with the school's key. */
export function ContractsPage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const { access } = useSession();
  const { filter, setFilter, list, openId, setOpenId, detail, countersign } = useContractsData();
  const none = intl.formatMessage({ id: 'common.value.none' });
  const date = (v: string | null | undefined) =>
    v ? intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }) : none;
  const statusTag = (status: string) => {
    const id = `school.contracts.status.${status}`;
    return (
      <Tag color={statusColors[status] ?? 'default'} variant="outlined">
        {intl.formatMessage({ id: isMessageId(id) ? id : 'common.status.unknown' })}
      </Tag>
    );
  };

  const columns: TableProps<ContractSummary>['columns'] = [
    { title: intl.formatMessage({ id: 'school.contracts.field.number' }), dataIndex: 'contractNumber' },
    { title: intl.formatMessage({ id: 'school.contracts.field.trainee' }), dataIndex: 'traineeName' },
    { title: intl.formatMessage({ id: 'school.contracts.field.classType' }), dataIndex: 'classTypeName' },
    {
      title: intl.formatMessage({ id: 'school.contracts.field.price' }),
      dataIndex: 'priceFen',
      align: 'right',
      render: (v: number) => <MoneyText amountFen={v} />,
    },
    {
      title: intl.formatMessage({ id: 'school.contracts.field.status' }),
      dataIndex: 'status',
      render: (v: string) => statusTag(v),
    },
    {
      title: intl.formatMessage({ id: 'school.contracts.field.traineeSignedAt' }),
      dataIndex: 'traineeSignedAt',
      render: (v: string | null) => date(v),
    },
    {
      title: intl.formatMessage({ id: 'school.contracts.field.schoolSignedAt' }),
      dataIndex: 'schoolSignedAt',
      render: (v: string | null) => date(v),
    },
    {
      title: intl.formatMessage({ id: 'school.contracts.field.actions' }),
      key: 'actions',
      render: (_: unknown, c: ContractSummary) => (
        <Button size="small" onClick={() => setOpenId(c.id)}>
          {intl.formatMessage({
            id:
              c.status === 'awaiting_school_signature'
                ? 'school.contracts.readAndSign'
                : 'school.contracts.open',
          })}
        </Button>
      ),
    },
  ];

  const sign = (c: Contract) =>
    void countersign
      .mutateAsync(c.id)
      .then(() => void message.success(intl.formatMessage({ id: 'school.contracts.signed' })))
      .catch(() => undefined);

  const c = detail.data;
  const valid = (v: boolean | null) =>
    v === null ? none : intl.formatMessage({ id: v ? 'school.contracts.valid' : 'school.contracts.invalid' });

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {intl.formatMessage({ id: 'school.contracts.title' })}
      </Typography.Title>
      <Card>
        <Flex vertical gap={12}>
          <Segmented<ContractFilter>
            value={filter}
            onChange={setFilter}
            options={filters.map((f) => ({
              value: f,
              label: intl.formatMessage({ id: `school.contracts.filter.${f}` }),
            }))}
          />
          {list.isError ? <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          <Table<ContractSummary>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.contracts ?? []}
            loading={list.isFetching}
            locale={{ emptyText: intl.formatMessage({ id: 'school.contracts.empty' }) }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
          />
        </Flex>
      </Card>
      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        size="large"
        destroyOnHidden
        title={
          c
            ? intl.formatMessage({ id: 'school.contracts.detailTitle' }, { number: c.contractNumber })
            : undefined
        }
        extra={
          c ? (
            <Flex gap={8}>
              <Button href={schoolContractPdfUrl(c.id)} target="_blank" rel="noreferrer">
                {intl.formatMessage({ id: 'school.contracts.pdf' })}
              </Button>
              {c.status === 'awaiting_school_signature' && access.canCountersignContracts ? (
                <Popconfirm
                  title={intl.formatMessage({ id: 'school.contracts.confirmTitle' })}
                  description={intl.formatMessage({ id: 'school.contracts.confirmText' })}
                  okText={intl.formatMessage({ id: 'school.contracts.countersign' })}
                  cancelText={intl.formatMessage({ id: 'school.contracts.cancel' })}
                  onConfirm={() => sign(c)}
                >
                  <Button type="primary" loading={countersign.isPending}>
                    {intl.formatMessage({ id: 'school.contracts.countersign' })}
                  </Button>
                </Popconfirm>
              ) : null}
            </Flex>
          ) : null
        }
      >
        {detail.isError ? <ApiErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
        {countersign.error ? <ApiErrorAlert error={countersign.error} /> : null}
        {c ? (
          <Flex vertical gap={16}>
            {!c.verification.valid ? (
              <Alert
                type="error"
                showIcon
                title={intl.formatMessage({ id: 'school.contracts.verificationFailed' })}
              />
            ) : null}
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={intl.formatMessage({ id: 'school.contracts.field.status' })}>
                {statusTag(c.status)}
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'school.contracts.field.template' })}>
                {intl.formatMessage(
                  { id: 'school.contracts.templateVersion' },
                  { title: c.template.title, version: c.template.version },
                )}
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'school.contracts.field.trainee' })}>
                {intl.formatMessage(
                  { id: 'school.contracts.withDetail' },
                  { name: c.trainee.name, detail: c.trainee.traineeNumber },
                )}
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'school.contracts.field.idNumber' })}>
                <MaskedId value={c.trainee.idNumberMasked} />
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'school.contracts.field.classType' })}>
                {intl.formatMessage(
                  { id: 'school.contracts.withDetail' },
                  { name: c.classType.name, detail: c.classType.licenceClass },
                )}
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'school.contracts.field.price' })}>
                <MoneyText amountFen={c.priceFen} strong />
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'school.contracts.field.perHour' })}>
                <MoneyText amountFen={c.perHourFen} />
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'school.contracts.field.textHash' })}>
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                  {c.textSha256}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item
                label={intl.formatMessage({ id: 'school.contracts.field.traineeSignature' })}
              >
                {c.traineeSignature
                  ? `${c.traineeSignature.signedName} · ${date(c.traineeSignature.signedAt)} · ${valid(c.verification.traineeSignatureValid)}`
                  : none}
              </Descriptions.Item>
              <Descriptions.Item label={intl.formatMessage({ id: 'school.contracts.field.schoolSignature' })}>
                {c.schoolSignature
                  ? `${c.schoolSignature.algorithm} · ${date(c.schoolSignature.signedAt)} · ${valid(c.verification.schoolSignatureValid)}`
                  : none}
              </Descriptions.Item>
            </Descriptions>
            <div>
              <Typography.Title level={5}>
                {intl.formatMessage({ id: 'school.contracts.fullText' })}
              </Typography.Title>
              <div
                data-testid="contract-text"
                style={{
                  whiteSpace: 'pre-wrap',
                  border: '1px solid rgba(5,5,5,0.06)',
                  borderRadius: 8,
                  padding: 16,
                  lineHeight: 1.8,
                  maxHeight: 560,
                  overflow: 'auto',
                }}
              >
                {c.text}
              </div>
            </div>
          </Flex>
        ) : null}
      </Drawer>
    </Flex>
  );
}
