import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, so relative defaults work whether started from the root or from apps/server. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const EnvSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  ROLE: Type.Union(
    [Type.Literal('all'), Type.Literal('api'), Type.Literal('gateway'), Type.Literal('jobs')],
    {
      default: 'all',
    },
  ),
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  /** Unset: embedded PGlite in DATA_DIR/pglite. Set: PostgreSQL. */
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ default: 'data' }),
  /** 32 bytes, base64. Unset on PGlite: generated once into DATA_DIR/data.key. Required on PostgreSQL in production. */
  DATA_KEY: Type.Optional(Type.String({ minLength: 44 })),
  SESSION_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 12 }),
  COOKIE_SECURE: Type.Boolean({ default: false }),
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (login throttling uses it). */
  TRUST_PROXY: Type.Boolean({ default: false }),
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, default: 5 }),
  LOGIN_LOCK_MINUTES: Type.Integer({ minimum: 1, default: 15 }),
  LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: Type.Integer({ minimum: 1, default: 30 }),
  /** Seed the demo region when the database has no regions yet. */
  SEED_DEMO: Type.Boolean({ default: true }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  WEB_DIST: Type.String({ default: 'apps/web/dist' }),
});

export type Config = Readonly<
  Static<typeof EnvSchema> & { pgliteDir: string; dataDir: string; webDist: string }
>;

/** Parses the environment once; a bad value stops start-up with the variable's name and the reason. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.properties)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, known));
  const errors = [...Value.Errors(EnvSchema, converted)];
  if (errors.length > 0) {
    const list = errors.map((e) => `${e.path.slice(1) || '(env)'}: ${e.message}`).join('; ');
    throw new Error(`invalid configuration: ${list}`);
  }
  const parsed = converted as Static<typeof EnvSchema>;
  if (parsed.NODE_ENV === 'production' && parsed.DATABASE_URL && !parsed.DATA_KEY) {
    throw new Error('invalid configuration: DATA_KEY is required in production on PostgreSQL');
  }
  const dataDir = path.resolve(repoRoot, parsed.DATA_DIR);
  return Object.freeze({
    ...parsed,
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    webDist: path.resolve(repoRoot, parsed.WEB_DIST),
  });
}
