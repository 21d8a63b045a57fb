import { Tag } from 'antd';
import { useIntl } from 'react-intl';
import { isMessageId } from '../../i18n/index.ts';

const sanctionColor: Record<string, string> = {
  rectify: 'gold',
  enrolment_stopped: 'volcano',
  business_suspended: 'red',
  suspended: 'red',
};

/** A sanction as a coloured tag; an unknown code (a newer server) shows as itself. */
export function SanctionTag({ sanction }: { sanction: string }) {
  const intl = useIntl();
  const id = `sanctions.sanction.${sanction}`;
  return (
    <Tag color={sanctionColor[sanction] ?? 'default'}>
      {isMessageId(id) ? intl.formatMessage({ id }) : sanction}
    </Tag>
  );
}

export function SubjectTag({ subject }: { subject: 'school' | 'coach' }) {
  const intl = useIntl();
  return (
    <Tag color={subject === 'school' ? 'blue' : 'purple'}>
      {intl.formatMessage({ id: `sanctions.subject.${subject}` })}
    </Tag>
  );
}
