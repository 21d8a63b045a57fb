import { Alert, Button, Result } from 'antd';
import { useIntl } from 'react-intl';
import { isApiError } from '../api/http.ts';
import { errorTextOf } from '../i18n/error-text.ts';

type ApiErrorProps = { error: unknown; onRetry?: () => void };

function useErrorParts(error: unknown) {
  const intl = useIntl();
  const text = errorTextOf(error, intl);
  const requestId = isApiError(error) ? error.requestId : undefined;
  const requestIdText = requestId
    ? intl.formatMessage({ id: 'common.error.requestId' }, { requestId })
    : undefined;
  return { intl, text, requestIdText };
}

/** A failed request inside a page: what went wrong, the request id to quote, and a retry button. */
export function ApiErrorAlert({ error, onRetry }: ApiErrorProps) {
  const { intl, text, requestIdText } = useErrorParts(error);
  return (
    <Alert
      type="error"
      showIcon
      title={text}
      description={requestIdText}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {intl.formatMessage({ id: 'common.action.retry' })}
          </Button>
        ) : undefined
      }
    />
  );
}

/** A page that could not load at all. */
export function ApiErrorResult({ error, onRetry }: ApiErrorProps) {
  const { intl, text, requestIdText } = useErrorParts(error);
  return (
    <Result
      status="error"
      title={intl.formatMessage({ id: 'common.error.title' })}
      subTitle={requestIdText ? `${text} ${requestIdText}` : text}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {intl.formatMessage({ id: 'common.action.retry' })}
          </Button>
        ) : undefined
      }
    />
  );
}
