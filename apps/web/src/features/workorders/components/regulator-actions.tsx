import { App, Button, Flex, Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import {
  useCloseWorkOrder,
  useReopenWorkOrder,
  useReturnWorkOrder,
  type WorkOrderDetail,
} from '../queries.ts';
import { useWorkOrderText } from '../use-wo-text.ts';

type Dialog = 'close' | 'return' | 'reopen' | null;
type Values = { text: string; violation?: boolean; points?: number; pointsReason?: string };

/**
 * 核验办结, 退回, 重新打开. Closing an order that has no disposal evidence is offered all the same and
 * answered by the server's refusal, so the rule lives in one place.
 */
export function RegulatorActions({ order }: { order: WorkOrderDetail }) {
  const { t } = useWorkOrderText();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<Values>();
  const close = useCloseWorkOrder();
  const giveBack = useReturnWorkOrder();
  const reopen = useReopenWorkOrder();
  const pending = dialog === 'close' ? close : dialog === 'return' ? giveBack : reopen;
  const violation = Form.useWatch('violation', form);

  const openDialog = (d: Dialog) => {
    close.reset();
    giveBack.reset();
    reopen.reset();
    form.resetFields();
    setDialog(d);
  };

  const submit = async () => {
    const v = await form.validateFields();
    if (dialog === 'close') {
      await close.mutateAsync({
        id: order.id,
        body: {
          note: v.text,
          ...(v.violation && v.points && v.pointsReason
            ? { violation: { points: v.points, reason: v.pointsReason } }
            : {}),
        },
      });
    } else if (dialog === 'return') {
      await giveBack.mutateAsync({ id: order.id, reason: v.text });
    } else {
      await reopen.mutateAsync({ id: order.id, reason: v.text });
    }
    void message.success(t(`action.${dialog ?? 'close'}Done`));
    setDialog(null);
  };

  return (
    <Flex gap={8} wrap>
      {order.status !== 'closed' ? (
        <Button type="primary" onClick={() => openDialog('close')}>
          {t('action.close')}
        </Button>
      ) : null}
      {order.status === 'disposed' ? (
        <Button onClick={() => openDialog('return')}>{t('action.return')}</Button>
      ) : null}
      {order.status === 'closed' ? (
        <Button onClick={() => openDialog('reopen')}>{t('action.reopen')}</Button>
      ) : null}
      <Modal
        open={dialog !== null}
        title={dialog ? t(`action.${dialog}`) : ''}
        okText={t('action.confirm')}
        confirmLoading={pending.isPending}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ violation: false, points: 3 }}>
          {pending.error ? <ApiErrorAlert error={pending.error} /> : null}
          <Form.Item
            name="text"
            label={dialog === 'close' ? t('close.noteLabel') : t('reason.label')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('reason.required') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
          {dialog === 'close' && order.coachId ? (
            <>
              <Form.Item
                name="violation"
                label={t('close.violationLabel', { coach: order.coachName ?? '' })}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
              {violation ? (
                <Flex gap={12}>
                  <Form.Item name="points" label={t('close.pointsLabel')} rules={[{ required: true }]}>
                    <InputNumber min={1} max={12} precision={0} />
                  </Form.Item>
                  <Form.Item
                    name="pointsReason"
                    label={t('close.pointsReasonLabel')}
                    style={{ flex: 1 }}
                    rules={[{ required: true, whitespace: true, min: 2, message: t('reason.required') }]}
                  >
                    <Input maxLength={500} />
                  </Form.Item>
                </Flex>
              ) : null}
            </>
          ) : null}
        </Form>
      </Modal>
    </Flex>
  );
}
