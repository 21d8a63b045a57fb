import { useIntl } from 'react-intl';
import { isMessageId } from '../../i18n/index.ts';

/**
 * `t('status.open')` → the `workorders.status.open` message. Keys built from server values (statuses,
 * categories) fall back to the unknown-status text when this build does not know the value yet.
 */
export function useWorkOrderText() {
  const intl = useIntl();
  const t = (key: string, values?: Record<string, string | number>) => {
    const id = `workorders.${key}`;
    return intl.formatMessage({ id: isMessageId(id) ? id : 'common.status.unknown' }, values);
  };
  const date = (value: string | null | undefined) =>
    value
      ? intl.formatDate(value, { dateStyle: 'medium', timeStyle: 'short' })
      : intl.formatMessage({ id: 'common.value.none' });
  /** 2026/12/22 10:11: table cells, where the long form would wrap. */
  const shortDate = (value: string) =>
    intl.formatDate(value, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  return { intl, t, date, shortDate };
}
