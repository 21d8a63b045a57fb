import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { useSession } from '../../auth/session-context.tsx';
import { usePublicRegions } from '../../regions/queries.ts';
import {
  categories,
  useCreateWorkOrder,
  useEscalatedAppeals,
  useEscalatedComplaints,
  useSchoolSearch,
  type CreateWorkOrderInput,
} from '../queries.ts';
import { useWorkOrderText } from '../use-wo-text.ts';

type Kind = CreateWorkOrderInput['sourceKind'];
const kinds: readonly Kind[] = ['manual', 'anomaly', 'complaint', 'appeal', 'inspection'];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Values = {
  sourceKind: Kind;
  sourceId?: string;
  category?: CreateWorkOrderInput['category'];
  schoolId?: string;
  countyCode?: string;
  title: string;
  description: string;
};

/**
 * 新建工单: free, from an anomaly (the flagged teaching log), from an inspection, or 转工单 of a complaint
 * or appeal that reached the regulator. Routing (school or county) is the server's.
 */
export function CreateWorkOrderButton({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useWorkOrderText();
  const { message } = App.useApp();
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const [schoolQuery, setSchoolQuery] = useState('');
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('sourceKind', form) ?? 'manual';
  const schoolId = Form.useWatch('schoolId', form);
  const create = useCreateWorkOrder();
  const schools = useSchoolSearch(schoolQuery);
  const complaints = useEscalatedComplaints(open && kind === 'complaint');
  const appeals = useEscalatedAppeals(open && kind === 'appeal');
  const regions = usePublicRegions();
  const prefix = me.region?.code.replace(/0+$/, '') ?? '';
  const counties = (regions.data ?? []).filter((r) => r.level === 'county' && r.code.startsWith(prefix));

  const submit = async () => {
    const v = await form.validateFields();
    const body: CreateWorkOrderInput = {
      sourceKind: v.sourceKind,
      title: v.title,
      description: v.description,
      ...(v.sourceId ? { sourceId: v.sourceId } : {}),
      ...(v.category ? { category: v.category } : {}),
      ...(v.schoolId ? { schoolId: v.schoolId } : {}),
      ...(!v.schoolId && v.countyCode ? { countyCode: v.countyCode } : {}),
    };
    const result = await create.mutateAsync(body);
    void message.success(
      t(result.created ? 'create.done' : 'create.existing', { number: result.workOrder.number }),
    );
    setOpen(false);
    onCreated(result.workOrder.id);
  };

  const schoolPicker = (
    <Form.Item name="schoolId" label={t('create.school')} extra={t('create.schoolHint')}>
      <Select
        showSearch={{ filterOption: false, onSearch: setSchoolQuery }}
        allowClear
        placeholder={t('create.schoolPlaceholder')}
        options={(schools.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
      />
    </Form.Item>
  );

  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => {
          create.reset();
          form.resetFields();
          setOpen(true);
        }}
      >
        {t('create.button')}
      </Button>
      <Modal
        open={open}
        title={t('create.title')}
        okText={t('create.submit')}
        confirmLoading={create.isPending}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setOpen(false)}
        width={640}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ sourceKind: 'manual' }}>
          {create.error ? <ApiErrorAlert error={create.error} /> : null}
          <Form.Item name="sourceKind" label={t('field.source')}>
            <Radio.Group
              optionType="button"
              options={kinds.map((k) => ({ value: k, label: t(`source.${k}`) }))}
              onChange={() => form.setFieldsValue({ sourceId: undefined })}
            />
          </Form.Item>
          {kind === 'anomaly' || kind === 'inspection' ? (
            <Form.Item
              name="sourceId"
              label={t(kind === 'anomaly' ? 'create.teachingLogId' : 'create.inspectionId')}
              rules={[{ required: true, pattern: uuid, message: t('create.idRequired') }]}
            >
              <Input />
            </Form.Item>
          ) : null}
          {kind === 'complaint' ? (
            <Form.Item
              name="sourceId"
              label={t('create.complaint')}
              rules={[{ required: true, message: t('create.pickRequired') }]}
            >
              <Select
                loading={complaints.isFetching}
                options={(complaints.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.trackingNumber} · ${c.schoolName ?? c.countyCode} · ${c.text.slice(0, 30)}`,
                }))}
              />
            </Form.Item>
          ) : null}
          {kind === 'appeal' ? (
            <Form.Item
              name="sourceId"
              label={t('create.appeal')}
              rules={[{ required: true, message: t('create.pickRequired') }]}
            >
              <Select
                loading={appeals.isFetching}
                options={(appeals.data ?? []).map((a) => ({
                  value: a.id,
                  label: `${a.traineeName} · ${a.schoolName} · ${a.reason.slice(0, 30)}`,
                }))}
              />
            </Form.Item>
          ) : null}
          {kind === 'manual' || kind === 'inspection' ? (
            <>
              <Form.Item name="category" label={t('field.category')}>
                <Select
                  allowClear
                  options={categories.map((c) => ({ value: c, label: t(`category.${c}`) }))}
                />
              </Form.Item>
              {schoolPicker}
              {!schoolId ? (
                <Form.Item name="countyCode" label={t('create.county')} extra={t('create.countyHint')}>
                  <Select allowClear options={counties.map((c) => ({ value: c.code, label: c.name }))} />
                </Form.Item>
              ) : null}
            </>
          ) : null}
          <Form.Item
            name="title"
            label={t('field.title')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('create.titleRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('field.description')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('create.descriptionRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
