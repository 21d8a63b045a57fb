/**
 * `npm run anomaly:rescore -- --from 2026-11-01 --to 2026-11-30 [--region 370100] [--batch 2000]`:
 * re-scores every audited terminal session that started in the Beijing days [from, to] in the region
 * (default: all), in batches, as the bulk route does but without its size limit — for a province-month
 * after a recalibration. The audit log names no user (a system run).
 */
import { parseArgs } from 'node:util';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { regionPrefix } from '../shared/access.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    region: { type: 'string' },
    batch: { type: 'string' },
  },
});
const day = /^\d{4}-\d{2}-\d{2}$/;
if (!values.from || !values.to || !day.test(values.from) || !day.test(values.to) || values.to < values.from) {
  console.error(
    'usage: npm run anomaly:rescore -- --from YYYY-MM-DD --to YYYY-MM-DD [--region 370100] [--batch 2000]',
  );
  process.exit(2);
}
if (values.region !== undefined && !/^\d{6}$/.test(values.region)) {
  console.error(`--region must be a 6-digit GB/T 2260 code, not ${values.region}`);
  process.exit(2);
}
const batchSize = values.batch ? Number(values.batch) : undefined;
if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 20_000)) {
  console.error('--batch must be an integer from 1 to 20000');
  process.exit(2);
}

const CST_MS = 8 * 3_600_000;
const app = await createApp(loadConfig());
try {
  const started = Date.now();
  const from = new Date(Date.parse(`${values.from}T00:00:00Z`) - CST_MS);
  const to = new Date(Date.parse(`${values.to}T00:00:00Z`) - CST_MS + 86_400_000);
  let done = 0;
  const r = await app.anomaly.rescoreRange(
    { from, to, prefix: values.region ? regionPrefix(values.region) : '' },
    {
      actor: null,
      ...(batchSize ? { batchSize } : {}),
      onBatch: (b) => {
        done += b.scored;
        console.error(`${done} sessions scored (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      },
    },
  );
  console.log(
    JSON.stringify({
      ...r,
      rulesetVersion: app.anomaly.rulesetVersion,
      seconds: (Date.now() - started) / 1000,
    }),
  );
} finally {
  await app.close();
}
