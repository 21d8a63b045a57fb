import { App, Button, Card, Flex, Input, Modal, Select, Table } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import { useSession } from '../../../../features/auth/session-context.tsx';
import {
  useKeySupervisions,
  useLiftKeySupervision,
  useRegionSchoolChoices,
  useSetKeySupervision,
  type KeySupervision,
} from '../../../../features/escrow-admin/queries.ts';

/**
 * 重点监管: the region's schools under key supervision; city and province regulators put a school under
 * it or lift it, always with a reason (the server audits both). The schools offered are searched by
 * name among the schools of the regulator's region (the server scopes the list).
 */
export function KeySupervisionCard() {
  const intl = useIntl();
  const { message } = App.useApp();
  const { access } = useSession();
  const list = useKeySupervisions();
  const setSupervision = useSetKeySupervision();
  const lift = useLiftKeySupervision();
  const [schoolId, setSchoolId] = useState<string>();
  const [reason, setReason] = useState('');
  const [search, setSearch] = useState('');
  const choices = useRegionSchoolChoices(search);
  const [lifting, setLifting] = useState<KeySupervision>();
  const [liftReason, setLiftReason] = useState('');
  const t = (id: Parameters<typeof intl.formatMessage>[0]['id']) => intl.formatMessage({ id });

  const supervised = new Set(list.data?.items.map((s) => s.schoolId));
  const submitSet = () => {
    if (!schoolId || !reason.trim()) return;
    setSupervision.mutate(
      { schoolId, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('regulator.keySupervision.setDone'));
          setSchoolId(undefined);
          setReason('');
        },
      },
    );
  };
  const submitLift = () => {
    if (!lifting || !liftReason.trim()) return;
    lift.mutate(
      { schoolId: lifting.schoolId, reason: liftReason.trim() },
      {
        onSuccess: () => {
          void message.success(t('regulator.keySupervision.liftDone'));
          setLifting(undefined);
          setLiftReason('');
        },
      },
    );
  };

  const columns: TableProps<KeySupervision>['columns'] = [
    { title: t('regulator.keySupervision.field.school'), dataIndex: 'schoolName' },
    { title: t('regulator.keySupervision.field.county'), dataIndex: 'countyCode' },
    { title: t('regulator.keySupervision.field.reason'), dataIndex: 'reason' },
    { title: t('regulator.keySupervision.field.since'), dataIndex: 'since' },
    {
      title: t('regulator.keySupervision.field.setBy'),
      dataIndex: 'setBy',
      render: (v: string | null) => v ?? '—',
    },
    ...(access.canWriteKeySupervision
      ? [
          {
            key: 'actions',
            title: t('regulator.keySupervision.field.actions'),
            render: (_: unknown, row: KeySupervision) => (
              <Button size="small" onClick={() => setLifting(row)}>
                {t('regulator.keySupervision.lift')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card title={t('regulator.keySupervision.title')}>
      {list.isError ? <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {access.canWriteKeySupervision ? (
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Select
            style={{ minWidth: 240 }}
            showSearch
            filterOption={false}
            onSearch={setSearch}
            loading={choices.isFetching}
            value={schoolId}
            onChange={setSchoolId}
            placeholder={t('regulator.keySupervision.pickSchool')}
            aria-label={t('regulator.keySupervision.pickSchool')}
            options={(choices.data?.items ?? [])
              .filter((s) => !supervised.has(s.id))
              .map((s) => ({ value: s.id, label: s.name }))}
          />
          <Input
            style={{ flex: 1, minWidth: 240 }}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('regulator.keySupervision.reason')}
            aria-label={t('regulator.keySupervision.reason')}
          />
          <Button
            type="primary"
            danger
            disabled={!schoolId || !reason.trim()}
            loading={setSupervision.isPending}
            onClick={submitSet}
          >
            {t('regulator.keySupervision.set')}
          </Button>
        </Flex>
      ) : null}
      {setSupervision.error ? <ApiErrorAlert error={setSupervision.error} /> : null}
      <Table<KeySupervision>
        rowKey="schoolId"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: t('regulator.keySupervision.empty') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
      <Modal
        open={Boolean(lifting)}
        title={t('regulator.keySupervision.liftTitle')}
        okText={t('regulator.keySupervision.lift')}
        okButtonProps={{ disabled: !liftReason.trim(), loading: lift.isPending }}
        onOk={submitLift}
        onCancel={() => {
          setLifting(undefined);
          setLiftReason('');
        }}
      >
        <Flex vertical gap={8}>
          <span>{lifting?.schoolName}</span>
          <Input.TextArea
            rows={3}
            maxLength={500}
            value={liftReason}
            onChange={(e) => setLiftReason(e.target.value)}
            placeholder={t('regulator.keySupervision.liftReason')}
            aria-label={t('regulator.keySupervision.liftReason')}
          />
          {lift.error ? <ApiErrorAlert error={lift.error} /> : null}
        </Flex>
      </Modal>
    </Card>
  );
}
