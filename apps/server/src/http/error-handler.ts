import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type ErrorCode } from '../shared/app-error.ts';

type ErrorBody = { code: ErrorCode; message: string; details?: unknown; requestId: string };

/** Fastify's own client errors (bad JSON, wrong content type, too large) mapped onto our codes. */
function fromFastifyError(err: FastifyError): AppError | null {
  if (err.validation) {
    const context = err.validationContext ?? 'body';
    return new AppError('request.invalid', {
      message: err.message,
      details: err.validation.map((v) => {
        const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
        const pathPart = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const field = [context, pathPart, missing].filter(Boolean).join('.');
        return { field, message: v.message ?? 'invalid' };
      }),
    });
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('request.too_large');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError('request.invalid', {
      message: err.message,
      details: { reason: err.code ?? 'bad_request' },
    });
  }
  return null;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const appError = err instanceof AppError ? err : fromFastifyError(err);
    if (!appError) {
      request.log.error({ err }, 'unhandled error');
      const body: ErrorBody = { code: 'internal.error', message: 'internal error', requestId: request.id };
      return reply.status(500).send(body);
    }
    if (appError.status >= 500) request.log.error({ err }, appError.message);
    const body: ErrorBody = {
      code: appError.code,
      message: appError.userMessage ?? appError.message,
      requestId: request.id,
      ...(appError.details !== undefined ? { details: appError.details } : {}),
    };
    return reply.status(appError.status).send(body);
  });
}
