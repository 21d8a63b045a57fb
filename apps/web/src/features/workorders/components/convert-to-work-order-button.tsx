import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { useSession } from '../../auth/session-context.tsx';
import { useCreateWorkOrder } from '../queries.ts';
import { useWorkOrderText } from '../use-wo-text.ts';

type Props = {
  sourceKind: 'complaint' | 'appeal' | 'anomaly';
  sourceId: string;
  defaultTitle: string;
  defaultDescription: string;
};

/**
 * 转工单 on a complaint or appeal that reached the regulator, or on a flagged session (the anomaly's
 * teaching log): the order inherits its school, coach and county on the server; the regulator words what
 * must be fixed. Pressed again, it finds the same order.
 */
export function ConvertToWorkOrderButton({ sourceKind, sourceId, defaultTitle, defaultDescription }: Props) {
  const { t } = useWorkOrderText();
  const { access } = useSession();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ title: string; description: string }>();
  const create = useCreateWorkOrder();
  if (!access.canHandleWorkOrders) return null;

  const submit = async () => {
    const v = await form.validateFields();
    const result = await create.mutateAsync({
      sourceKind,
      sourceId,
      title: v.title,
      description: v.description,
    });
    void message.success(
      t(result.created ? 'create.done' : 'create.existing', { number: result.workOrder.number }),
    );
    setOpen(false);
  };

  return (
    <>
      <Button
        size="small"
        onClick={() => {
          create.reset();
          setOpen(true);
        }}
      >
        {t('convert.button')}
      </Button>
      <Modal
        open={open}
        title={t('convert.title')}
        okText={t('create.submit')}
        confirmLoading={create.isPending}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            title: defaultTitle.slice(0, 100),
            description: defaultDescription.slice(0, 2000),
          }}
        >
          {create.error ? <ApiErrorAlert error={create.error} /> : null}
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
