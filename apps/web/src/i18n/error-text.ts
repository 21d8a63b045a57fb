import type { IntlShape } from 'react-intl';
import { isApiError } from '../api/http.ts';
import { isMessageId } from './index.ts';

function lockedUntilOf(details: unknown): Date | null {
  if (typeof details !== 'object' || details === null) {
    return null;
  }
  const value = (details as { lockedUntil?: unknown }).lockedUntil;
  if (typeof value !== 'string') {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The sentence to show for a failed request: the `errors.<code>` message of the server's code, with
 * details filled in where a message uses them, or a generic message for codes this build does not
 * know yet.
 */
export function errorTextOf(error: unknown, intl: IntlShape): string {
  if (!isApiError(error)) {
    return intl.formatMessage({ id: 'errors.unknown' });
  }
  if (error.code === 'auth.account_locked') {
    const until = lockedUntilOf(error.details);
    if (until) {
      const time = intl.formatDate(until, {
        month: 'long',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
      return intl.formatMessage({ id: 'errors.auth.account_locked_until' }, { time });
    }
  }
  const id = `errors.${error.code}`;
  return intl.formatMessage({ id: isMessageId(id) ? id : 'errors.unknown' });
}
