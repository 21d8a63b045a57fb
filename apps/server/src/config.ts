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

  // --- TCP gateway for timing terminals (JT/T 808 + 驾培), started when ROLE is all or gateway.
  GATEWAY_HOST: Type.String({ default: '127.0.0.1' }),
  /** 0 picks a free port (tests). */
  GATEWAY_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 7611 }),
  /** Header layout terminals speak; `auto` detects it per frame (packages/jt808 DECISIONS.md). */
  GATEWAY_HEADER: Type.Union(
    [Type.Literal('auto'), Type.Literal('2013'), Type.Literal('2019'), Type.Literal('jiapei')],
    { default: 'auto' },
  ),
  /** A connection with no frame for this long is closed (JT/T 808 heartbeats come every 30–60 s). */
  GATEWAY_IDLE_TIMEOUT_S: Type.Integer({ minimum: 1, default: 180 }),
  /** Largest message body accepted (the wire field allows 1023). */
  GATEWAY_MAX_BODY: Type.Integer({ minimum: 16, maximum: 1023, default: 1023 }),
  /** Per-connection token bucket: frames per second sustained, and the burst above it. */
  GATEWAY_FRAMES_PER_S: Type.Integer({ minimum: 1, default: 500 }),
  GATEWAY_FRAME_BURST: Type.Integer({ minimum: 1, default: 2000 }),
  /** Silence after a sub-packet before the missing packets are asked for again (0x8003). */
  GATEWAY_REASSEMBLY_RETRY_MS: Type.Integer({ minimum: 10, default: 5_000 }),
  /** Malformed frames a connection may send within a minute before it is closed as abusive. */
  GATEWAY_MAX_BAD_FRAMES_PER_MIN: Type.Integer({ minimum: 1, default: 120 }),
  /** 驾培 signatures (0x0102 鉴权, 校验串): enforce refuses bad or missing ones, log counts them, off skips. */
  SIGNATURE_POLICY: Type.Union([Type.Literal('enforce'), Type.Literal('log'), Type.Literal('off')], {
    default: 'log',
  }),
  /** 驾培 0x0102 timestamps further than this from our clock are a replay (refused under enforce). */
  AUTH_MAX_SKEW_S: Type.Integer({ minimum: 1, default: 600 }),
  /** 平台编号 sent in the 驾培 0x8100 answer. */
  PLATFORM_NO: Type.String({ minLength: 1, maxLength: 5, default: 'A0001' }),
  /** Positions and status rows waiting for the batch writer; reading pauses at 80 % of it. */
  TELEMETRY_QUEUE_CAPACITY: Type.Integer({ minimum: 10, default: 50_000 }),
  TELEMETRY_BATCH_SIZE: Type.Integer({ minimum: 1, default: 2_000 }),
  TELEMETRY_FLUSH_MS: Type.Integer({ minimum: 1, default: 200 }),
  /** A minute record stamped further in the future than this is rejected as impossible. */
  MINUTE_RECORD_FUTURE_TOLERANCE_S: Type.Integer({ minimum: 0, default: 300 }),
  /** Bearer token for GET /api/metrics. Unset: only loopback callers may read it. */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** With SEED_DEMO: run the terminal simulator against the gateway so the live map moves. */
  DEMO_FLEET: Type.Boolean({ default: true }),
  DEMO_FLEET_CARS: Type.Integer({ minimum: 1, maximum: 500, default: 30 }),
  /** With SEED_DEMO: run the police sandbox (tools/police-sandbox) against the exam link. */
  DEMO_POLICE: Type.Boolean({ default: true }),
  /** The sandbox's chance that a sitting passes, and how often it polls (seconds). */
  DEMO_POLICE_PASS_PROBABILITY: Type.Number({ minimum: 0, maximum: 1, default: 0.8 }),
  DEMO_POLICE_INTERVAL_S: Type.Number({ exclusiveMinimum: 0, default: 5 }),

  // --- The supervised-account bank of the escrow ledger (tools/bank-sandbox locally).
  /** The bank's API. `npm start` runs the sandbox here (DEMO_BANK); tests start one on a free port. */
  BANK_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:8091' }),
  /** Bearer key our requests to the bank carry. */
  BANK_API_KEY: Type.String({ minLength: 8, default: 'demo-bank-api-key' }),
  /** Shared secret of the bank's HMAC-signed callbacks. Set a real one anywhere but the demo. */
  BANK_CALLBACK_SECRET: Type.String({ minLength: 16, default: 'demo-bank-callback-secret' }),
  /** A bank call that takes longer is treated as unanswered and retried (the bank is idempotent). */
  BANK_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 5_000 }),
  /** Base URL at which the bank reaches this server's callbacks; unset: the address it listens on. */
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Run the bank sandbox (tools/bank-sandbox) on BANK_URL's port with `npm start`. */
  DEMO_BANK: Type.Boolean({ default: true }),
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
