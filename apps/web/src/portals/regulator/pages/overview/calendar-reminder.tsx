import { Alert, Button } from 'antd';
import dayjs from 'dayjs';
import { useIntl } from 'react-intl';
import { Link } from 'react-router';
import { useSession } from '../../../../features/auth/session-context.tsx';
import { useCalendarYear } from '../../../../features/calendar/queries.ts';

/**
 * Reminds whoever keeps the working-day calendar, on the home page they see every day, that a year
 * deadlines can already reach has no holidays entered (the 工作日历 page itself is rarely opened).
 */
export function CalendarReminder() {
  const intl = useIntl();
  const { access } = useSession();
  const year = useCalendarYear(dayjs().year(), { enabled: access.canManageCalendar });
  const unentered = year.data?.unentered ?? [];
  if (!access.canManageCalendar || unentered.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      title={intl.formatMessage(
        { id: 'calendar.unentered' },
        { years: intl.formatList(unentered.map(String), { type: 'conjunction' }) },
      )}
      action={
        <Link to="/regulator/calendar">
          <Button size="small">{intl.formatMessage({ id: 'calendar.open' })}</Button>
        </Link>
      }
    />
  );
}
