import { Button, Card, Empty, Flex, Form, Input, Modal, Rate, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import type { EvaluationInput, EvaluationInvitation } from '../../../../features/feedback/queries.ts';
import { useMyEvaluationsData } from './use-my-evaluations-data.ts';

const dimensions = ['overall', 'teaching', 'attitude', 'car', 'environment'] as const;
type Stars = Omit<EvaluationInput, 'stageSubmissionId'>;

/** 评价: one invitation per approved stage; the form asks stars overall and per dimension, and words. */
export function MyEvaluationsPage() {
  const intl = useIntl();
  const { invitations, submit } = useMyEvaluationsData();
  const [open, setOpen] = useState<EvaluationInvitation | null>(null);
  const [form] = Form.useForm<Stars>();

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {intl.formatMessage({ id: 'public.myEvaluations.title' })}
      </Typography.Title>
      {invitations.isError ? (
        <ApiErrorAlert error={invitations.error} onRetry={() => void invitations.refetch()} />
      ) : null}
      {invitations.isPending ? (
        <Skeleton active />
      ) : (invitations.data ?? []).length === 0 ? (
        <Empty description={intl.formatMessage({ id: 'public.myEvaluations.empty' })} />
      ) : (
        invitations.data?.map((inv) => (
          <Card key={inv.stageSubmissionId} size="small">
            <Flex justify="space-between" align="center" gap={8} wrap>
              <Flex vertical>
                <Typography.Text strong>
                  {intl.formatMessage(
                    { id: 'public.myEvaluations.stage' },
                    { part: inv.part, school: inv.schoolName, coach: inv.coachName ?? '—' },
                  )}
                </Typography.Text>
                {inv.evaluation ? (
                  <Rate disabled value={inv.evaluation.overall} style={{ fontSize: 14 }} />
                ) : null}
              </Flex>
              {inv.evaluation ? (
                <Tag color={inv.evaluation.status === 'published' ? 'green' : 'default'}>
                  {intl.formatMessage({
                    id:
                      inv.evaluation.status === 'published'
                        ? 'public.myEvaluations.published'
                        : inv.evaluation.status === 'held'
                          ? 'public.myEvaluations.held'
                          : 'public.myEvaluations.hidden',
                  })}
                </Tag>
              ) : (
                <Button
                  type="primary"
                  onClick={() => {
                    form.resetFields();
                    submit.reset();
                    setOpen(inv);
                  }}
                >
                  {intl.formatMessage({ id: 'public.myEvaluations.write' })}
                </Button>
              )}
            </Flex>
          </Card>
        ))
      )}
      <Modal
        open={open !== null}
        title={intl.formatMessage({ id: 'public.myEvaluations.formTitle' })}
        okText={intl.formatMessage({ id: 'public.myEvaluations.submit' })}
        cancelText={intl.formatMessage({ id: 'common.action.cancel' })}
        okButtonProps={{ loading: submit.isPending }}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
      >
        <Form<Stars>
          form={form}
          layout="vertical"
          initialValues={{ overall: 5, teaching: 5, attitude: 5, car: 5, environment: 5, text: '' }}
          onFinish={(values) => {
            if (!open) return;
            submit.mutate(
              { ...values, text: values.text.trim(), stageSubmissionId: open.stageSubmissionId },
              { onSuccess: () => setOpen(null) },
            );
          }}
        >
          {dimensions.map((d) => (
            <Form.Item
              key={d}
              name={d}
              label={intl.formatMessage({ id: `public.rating.${d}` })}
              rules={[{ required: true }]}
            >
              <Rate />
            </Form.Item>
          ))}
          <Form.Item name="text" label={intl.formatMessage({ id: 'public.myEvaluations.text' })}>
            <Input.TextArea rows={4} maxLength={500} showCount />
          </Form.Item>
          {submit.isError ? <ApiErrorAlert error={submit.error} /> : null}
        </Form>
      </Modal>
    </Flex>
  );
}
