// node --import tsx tools/bank-sandbox/src/cli.ts --port 8091 --secret <callback secret> [--api-key <key>]
//   [--data-dir data/bank-sandbox] [--latency-ms 0] [--timeout-rate 0] [--error-rate 0]
//   [--duplicate-rate 0] [--reorder-ms 0] [--drop-rate 0] [--seed 808]
import { parseArgs } from 'node:util';
import { createBankSandbox } from './sandbox.ts';

const usage = `bank-sandbox: a local supervised-account bank for Jiapei's escrow ledger

  --port <n>              listen port (default 8091; 0 picks one)
  --host <addr>           listen address (default 127.0.0.1)
  --secret <text>         HMAC secret of callbacks (or BANK_CALLBACK_SECRET)
  --api-key <text>        bearer key API callers must send (or BANK_API_KEY; unset: anyone)
  --data-dir <dir>        journal directory (unset: memory only)
  --latency-ms <n>        added to every API answer
  --timeout-rate <0–1>    carried out, answer held back (--hang-ms, default 30000)
  --error-rate <0–1>      503, half of them after carrying the request out
  --duplicate-rate <0–1>  callbacks sent twice
  --reorder-ms <n>        callbacks delayed 0–n ms so they arrive out of order
  --drop-rate <0–1>       callback attempts lost on the way (retried with backoff)
  --retry-base-ms <n>     first callback retry wait (default 500; doubles up to 30 s)
  --seed <n>              fault dice (default 808)
  --parent-pid <pid>      exit when that process is gone (a server killed with SIGKILL leaves no orphan)

Faults can also be changed at run time: PUT /api/faults with a JSON object.`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8091' },
    host: { type: 'string', default: '127.0.0.1' },
    secret: { type: 'string' },
    'api-key': { type: 'string' },
    'data-dir': { type: 'string' },
    'latency-ms': { type: 'string', default: '0' },
    'timeout-rate': { type: 'string', default: '0' },
    'hang-ms': { type: 'string', default: '30000' },
    'error-rate': { type: 'string', default: '0' },
    'duplicate-rate': { type: 'string', default: '0' },
    'reorder-ms': { type: 'string', default: '0' },
    'drop-rate': { type: 'string', default: '0' },
    'retry-base-ms': { type: 'string', default: '500' },
    seed: { type: 'string', default: '808' },
    'parent-pid': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const secret = values.secret ?? process.env.BANK_CALLBACK_SECRET;
if (!secret) {
  console.error(`--secret is required\n\n${usage}`);
  process.exit(2);
}
const num = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number`);
    process.exit(2);
  }
  return n;
};

const log = (message: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), source: 'bank-sandbox', message, ...fields }));

const apiKey = values['api-key'] ?? process.env.BANK_API_KEY;
const bank = createBankSandbox({
  callbackSecret: secret,
  ...(apiKey ? { apiKey } : {}),
  dataDir: values['data-dir'] ?? null,
  seed: num('seed'),
  retryBaseMs: num('retry-base-ms'),
  faults: {
    latencyMs: num('latency-ms'),
    timeoutRate: num('timeout-rate'),
    hangMs: num('hang-ms'),
    errorRate: num('error-rate'),
    duplicateRate: num('duplicate-rate'),
    reorderMs: num('reorder-ms'),
    callbackDropRate: num('drop-rate'),
  },
  log,
});
await bank.listen(num('port'), values.host);
const parent = values['parent-pid'] ? Number(values['parent-pid']) : null;
if (parent) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      log('parent gone; exiting', { parent });
      void bank.close().then(() => process.exit(0));
    }
  }, 2_000).unref();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void bank.close().then(() => process.exit(0));
  });
}
