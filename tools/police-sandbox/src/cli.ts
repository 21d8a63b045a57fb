// node --import tsx tools/police-sandbox/src/cli.ts --url http://127.0.0.1:8080 --client-key demo-police-sandbox \
//   --private-key data/demo-police.key.pem [--pass-probability 0.8] [--interval 5] [--seed police-sandbox]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createExamLinkClient } from './client.ts';
import { createPoliceSandbox } from './sandbox.ts';

const usage = `police-sandbox: polls Jiapei's exam eligibility, books exams and posts results

  --url <base>               Jiapei server, e.g. http://127.0.0.1:8080
  --client-key <key>         the police integration client's key
  --private-key <file>       its RSA private key (PEM)
  --pass-probability <0–1>   chance a sitting passes (default 0.8)
  --interval <seconds>       poll interval (default 5)
  --seed <text>              varies outcomes; the same seed repeats them (default police-sandbox)
  --once                     poll once and exit

Scores are 0–100; the pass line is 90 for parts 1 and 4 and 80 for parts 2 and 3.`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    'client-key': { type: 'string' },
    'private-key': { type: 'string' },
    'pass-probability': { type: 'string', default: '0.8' },
    interval: { type: 'string', default: '5' },
    seed: { type: 'string', default: 'police-sandbox' },
    once: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!values.url || !values['client-key'] || !values['private-key']) {
  fail('--url, --client-key and --private-key are required');
}
const passProbability = Number(values['pass-probability']);
if (!(passProbability >= 0 && passProbability <= 1)) fail('--pass-probability must be a number within 0–1');
const interval = Number(values.interval);
if (!(interval > 0)) fail('--interval must be a positive number of seconds');

const log = (message: string, fields: Record<string, unknown> = {}) =>
  console.log(
    JSON.stringify({ time: new Date().toISOString(), source: 'police-sandbox', message, ...fields }),
  );

const sandbox = createPoliceSandbox({
  client: createExamLinkClient({
    url: values.url,
    clientKey: values['client-key'],
    privateKeyPem: fs.readFileSync(values['private-key'], 'utf8'),
  }),
  passProbability,
  seed: values.seed,
  log,
});

if (values.once) {
  log('poll', { ...(await sandbox.tick()), cursor: sandbox.cursor });
} else {
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop.abort());
  log('started', { url: values.url, passProbability, interval });
  await sandbox.run(interval, stop.signal);
}
