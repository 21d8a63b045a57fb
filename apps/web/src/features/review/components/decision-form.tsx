import { Alert, App, Button, Checkbox, Flex, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { useDecide, useReopen } from '../queries.ts';
import { reviewReasonCodes, type Decision, type ReviewReasonCode, type Workspace } from '../types.ts';

type Props = {
  review: Workspace;
  decision: Decision;
  onDecisionChange: (d: Decision) => void;
  /** Partial: the minutes chosen in the table to stay valid. */
  keptMinutes: string[];
};

/**
 * The decision (valid / partial by minutes / invalid) with reason codes and a note; for a decided
 * review, reopening it with a reason. The server checks everything again and answers with the codes
 * the errors catalog words.
 */
export function DecisionForm({ review, decision, onDecisionChange, keptMinutes }: Props) {
  const intl = useIntl();
  const { message } = App.useApp();
  const decide = useDecide();
  const reopen = useReopen();
  const [reasons, setReasons] = useState<ReviewReasonCode[]>([]);
  const [note, setNote] = useState('');
  const [reopenReason, setReopenReason] = useState('');

  if (review.status === 'decided') {
    return (
      <Flex vertical gap={12}>
        <Alert
          type={review.decision === 'valid' ? 'success' : review.decision === 'partial' ? 'warning' : 'error'}
          showIcon
          title={intl.formatMessage(
            { id: 'review.decided.summary' },
            {
              decision: intl.formatMessage({ id: `review.decision.${review.decision ?? 'valid'}` }),
              before: review.creditedBefore ?? 0,
              after: review.creditedAfter ?? 0,
            },
          )}
          description={intl.formatMessage(
            { id: 'review.decided.by' },
            {
              name: review.reviewerName ?? '—',
              time: review.decidedAt
                ? intl.formatDate(review.decidedAt, { dateStyle: 'medium', timeStyle: 'short' })
                : '—',
            },
          )}
        />
        <Typography.Text strong>{intl.formatMessage({ id: 'review.reopen.title' })}</Typography.Text>
        <Input.TextArea
          aria-label={intl.formatMessage({ id: 'review.reopen.reason' })}
          placeholder={intl.formatMessage({ id: 'review.reopen.placeholder' })}
          value={reopenReason}
          maxLength={1000}
          onChange={(e) => setReopenReason(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 4 }}
        />
        {reopen.isError ? <ApiErrorAlert error={reopen.error} /> : null}
        <Button
          onClick={() =>
            void reopen
              .mutateAsync({ id: review.id, reason: reopenReason })
              .then(() => {
                setReopenReason('');
                void message.success(intl.formatMessage({ id: 'review.reopen.done' }));
              })
              .catch(() => undefined)
          }
          loading={reopen.isPending}
          disabled={reopenReason.trim() === ''}
        >
          {intl.formatMessage({ id: 'review.reopen.submit' })}
        </Button>
      </Flex>
    );
  }

  const needsFault = decision !== 'valid';
  const submit = () => {
    if (needsFault && !reasons.some((r) => r !== 'confirmed_normal')) {
      void message.warning(intl.formatMessage({ id: 'review.form.faultRequired' }));
      return;
    }
    if (decision === 'partial' && (keptMinutes.length === 0 || keptMinutes.length >= review.minutes.length)) {
      void message.warning(intl.formatMessage({ id: 'review.form.partialRequired' }));
      return;
    }
    void decide
      .mutateAsync({ id: review.id, decision, validRecordNumbers: keptMinutes, reasonCodes: reasons, note })
      .then((data) => {
        void message.success(
          intl.formatMessage(
            { id: 'review.form.done' },
            { before: data.creditedBefore ?? 0, after: data.creditedAfter ?? 0 },
          ),
        );
      })
      .catch(() => undefined);
  };

  return (
    <Flex vertical gap={12} data-testid="review-decision-form">
      <Radio.Group
        value={decision}
        onChange={(e) => onDecisionChange(e.target.value as Decision)}
        optionType="button"
        buttonStyle="solid"
        options={(['valid', 'partial', 'invalid'] as const).map((d) => ({
          value: d,
          label: intl.formatMessage({ id: `review.decision.${d}` }),
        }))}
      />
      {decision === 'partial' ? (
        <Typography.Text type="secondary">
          {intl.formatMessage(
            { id: 'review.form.partialHint' },
            { kept: keptMinutes.length, total: review.minutes.length },
          )}
        </Typography.Text>
      ) : null}
      <div>
        <Typography.Text strong>{intl.formatMessage({ id: 'review.form.reasons' })}</Typography.Text>
        <Checkbox.Group
          style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 4, marginTop: 6 }}
          value={reasons}
          onChange={(v) => setReasons(v as ReviewReasonCode[])}
          options={reviewReasonCodes.map((code) => ({
            value: code,
            label: intl.formatMessage({ id: `review.reasonCode.${code}` }),
          }))}
        />
      </div>
      <Input.TextArea
        aria-label={intl.formatMessage({ id: 'review.form.note' })}
        placeholder={intl.formatMessage({ id: 'review.form.notePlaceholder' })}
        value={note}
        maxLength={1000}
        onChange={(e) => setNote(e.target.value)}
        autoSize={{ minRows: 2, maxRows: 5 }}
      />
      {decide.isError ? <ApiErrorAlert error={decide.error} /> : null}
      <Button type="primary" onClick={submit} loading={decide.isPending}>
        {intl.formatMessage({ id: 'review.form.submit' })}
      </Button>
    </Flex>
  );
}
