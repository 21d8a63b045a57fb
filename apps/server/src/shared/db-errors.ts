import { AppError } from './app-error.ts';

/** PostgreSQL's unique_violation becomes `registry.duplicate` naming the constraint; anything else is rethrown. */
export function rethrowUniqueViolation(err: unknown): never {
  const pgErr = err as { code?: string; constraint?: string };
  if (pgErr?.code === '23505') {
    throw new AppError('registry.duplicate', {
      details: { constraint: pgErr.constraint ?? 'unique' },
      cause: err,
    });
  }
  throw err;
}
