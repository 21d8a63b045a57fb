import { Tag } from 'antd';
import { useIntl } from 'react-intl';
import { isMessageId } from '../i18n/index.ts';

/** Colour of each status value, per kind of thing that has a status. */
const statusColors = {
  school: { operating: 'success', enrolment_stopped: 'warning', suspended: 'error', closed: 'default' },
  coach: { active: 'success', suspended: 'warning', left: 'default' },
  verdict: { pending: 'default', valid: 'success', partial: 'warning', invalid: 'error' },
  appeal: { none: 'default', pending: 'processing', done: 'success', rejected: 'error' },
  stage: { submitted: 'processing', approved: 'success', rejected: 'error' },
  minute: { valid: 'success', invalid: 'error' },
} as const;

type StatusKind = keyof typeof statusColors;

type StatusTagProps<K extends StatusKind> = {
  kind: K;
  value: keyof (typeof statusColors)[K] | (string & {});
};

/** A status in every portal: one colour and one wording per value (`common.<kind>Status.<value>`). */
export function StatusTag<K extends StatusKind>({ kind, value }: StatusTagProps<K>) {
  const intl = useIntl();
  const colors: Partial<Record<string, string>> = statusColors[kind];
  const id = `common.${kind}Status.${String(value)}`;
  return (
    <Tag color={colors[String(value)] ?? 'default'} variant="outlined">
      {intl.formatMessage({ id: isMessageId(id) ? id : 'common.status.unknown' })}
    </Tag>
  );
}
