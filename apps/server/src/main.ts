import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from './app.ts';
import { loadConfig, repoRoot } from './config.ts';
import { buildDemoFleet, type FleetFile } from './db/seed/demo-fleet.ts';
import { ensureDemoPoliceClient } from './db/seed/demo-police.ts';
import { demoAccounts, DEMO_PASSWORD, seedDemo } from './db/seed/seed-demo.ts';
import { startGateway, type Gateway } from './gateway/index.ts';
import { startJobs, type Jobs } from './jobs/index.ts';
import { buildHttp } from './http/build-http.ts';
import { hashPassword } from './modules/identity/index.ts';

/**
 * Starts the edges named by ROLE (api | gateway | jobs | all): the API edge serves the HTTP API and the
 * built web app on one port, the gateway edge the TCP link of timing terminals. With the demo seeded,
 * a simulated fleet drives through the gateway so the live map moves from the first minute.
 */
const config = loadConfig();
const app = await createApp(config);
const http = await buildHttp(app, { logger: { level: config.LOG_LEVEL } });
const log = http.log;

if (config.SEED_DEMO) {
  const started = Date.now();
  const result = await seedDemo(app.db, { vault: app.vault, hashPassword, audit: app.audit });
  if (result.inserted) log.info({ counts: result.counts, ms: Date.now() - started }, 'demo region seeded');
}

/**
 * The first cars of the demo fleet — the demo school's (历下区第一所驾校, signed in as demo-school) —
 * misbehave on purpose, with short sessions (5–7 simulated minutes at real speed), so the supervision
 * pages — anomalies, the review queue, work orders for that school — have a 跑马机 and a replayed track
 * to show within about ten minutes of `npm start`. The rest drive honestly.
 */
const DEMO_FRAUD_PROFILES = ['paoma', 'replay'] as const;

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    for (const simulator of simulators) simulator.kill('SIGTERM');
    policeSandbox?.kill('SIGTERM');
    bankSandbox?.kill('SIGTERM');
    await escrowWorker?.stop();
    // Stop accepting, finish the frames already read, drain the telemetry queue; then the API.
    await gateway?.close();
    await jobs?.stop();
    await http.close();
    await app.close();
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
let gateway: Gateway | null = null;
let simulators: ChildProcess[] = [];
let policeSandbox: ChildProcess | null = null;
let bankSandbox: ChildProcess | null = null;
let escrowWorker: { stop(): Promise<void> } | null = null;
let jobs: Jobs | null = null;
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (config.ROLE === 'all' || config.ROLE === 'jobs') {
  jobs = startJobs(app, log.child({ edge: 'jobs' }));
  // Escrow payouts to the bank (retried until it confirms) and the daily reconciliation.
  escrowWorker = app.escrow.startWorker(log.child({ edge: 'jobs', module: 'escrow' }));
}

if (config.ROLE === 'all' || config.ROLE === 'gateway') {
  gateway = await startGateway({
    config,
    telemetry: app.telemetry,
    link: app.terminalLink,
    training: app.trainingRecords,
    commands: app.terminalCommands,
    metrics: app.metrics,
    clock: app.clock,
    log: log.child({ edge: 'gateway' }),
  });
  log.info({ host: gateway.host, port: gateway.port }, 'terminal gateway listening');
  if (config.SEED_DEMO && config.DEMO_FLEET) simulators = await startDemoFleet(gateway);
}

/** Writes the demo fleet file and runs the terminal simulator against our own gateway. */
/** The fleet file of an earlier start, if there is a readable one (its keys can be reused). */
function readFleetFile(file: string): FleetFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as FleetFile;
  } catch {
    return undefined;
  }
}

async function startDemoFleet(gw: Gateway): Promise<ChildProcess[]> {
  const cli = path.join(repoRoot, 'tools/terminal-sim/src/cli.ts');
  const file = path.join(config.dataDir, 'demo-fleet.json');
  const fleet = await buildDemoFleet(app.db, app.vault, {
    cars: config.DEMO_FLEET_CARS,
    gateway: { host: gw.host, port: gw.port },
    previous: readFleetFile(file),
  });
  fs.mkdirSync(config.dataDir, { recursive: true });
  // The file holds the demo terminals' private keys: readable by us only.
  fs.writeFileSync(file, JSON.stringify(fleet, null, 2), { mode: 0o600 });
  if (!fs.existsSync(cli)) {
    log.warn({ cli }, 'terminal simulator not found; the demo fleet will not drive');
    return [];
  }
  // A fleet too small to spare cars for the fraud profiles stays honest.
  const fraudCars = fleet.cars.length > 2 * DEMO_FRAUD_PROFILES.length ? DEMO_FRAUD_PROFILES.length : 0;
  const runs: { profile: string; cars: FleetFile['cars']; extra: string[] }[] = [
    { profile: 'honest', cars: fleet.cars.slice(fraudCars), extra: [] },
    ...DEMO_FRAUD_PROFILES.slice(0, fraudCars).map((profile, i) => ({
      profile,
      cars: [fleet.cars[i]!],
      extra: ['--session-minutes', '5-7', '--break-minutes', '1-2', '--seed', String(i + 2)],
    })),
  ];
  const children = runs.map((run) => {
    // Each run gets a file of its own cars: two simulators driving one terminal would replace each
    // other's connection over and over.
    const runFile = path.join(config.dataDir, `demo-fleet-${run.profile}.json`);
    fs.writeFileSync(runFile, JSON.stringify({ ...fleet, cars: run.cars }, null, 2), { mode: 0o600 });
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        'run',
        '--fleet',
        runFile,
        '--cars',
        String(run.cars.length),
        '--host',
        gw.host,
        '--port',
        String(gw.port),
        '--profile',
        run.profile,
        // One status line a minute: enough to see the fleet is alive without drowning the server's log.
        '--status-every',
        '60',
        ...run.extra,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('exit', (code, signal) => {
      if (!closing) log.warn({ code, signal, profile: run.profile }, 'demo fleet simulator exited');
    });
    return child;
  });
  log.info(
    { cars: fleet.cars.length, file, fraud: DEMO_FRAUD_PROFILES.slice(0, fraudCars) },
    'demo fleet started',
  );
  return children;
}

/**
 * Files the demo police client (its private key goes to DATA_DIR, mode 0600) and runs the police
 * sandbox against our own API, so approvals in the regulator portal turn into bookings and results.
 */
async function startPoliceSandbox(apiUrl: string): Promise<ChildProcess | null> {
  const cli = path.join(repoRoot, 'tools/police-sandbox/src/cli.ts');
  if (!fs.existsSync(cli)) {
    log.warn({ cli }, 'police sandbox not found; the exam link will not be exercised');
    return null;
  }
  const client = await ensureDemoPoliceClient(app.db, { dataDir: config.dataDir, audit: app.audit });
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      cli,
      '--url',
      apiUrl,
      '--client-key',
      client.clientKey,
      '--private-key',
      client.privateKeyFile,
      '--pass-probability',
      String(config.DEMO_POLICE_PASS_PROBABILITY),
      '--interval',
      String(config.DEMO_POLICE_INTERVAL_S),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  child.on('exit', (code, signal) => {
    if (!closing) log.warn({ code, signal }, 'police sandbox exited');
  });
  log.info({ clientKey: client.clientKey }, 'police sandbox started');
  return child;
}

/**
 * Runs the bank sandbox (tools/bank-sandbox) on BANK_URL's port with our key and callback secret; its
 * journal lives in DATA_DIR/bank-sandbox, so money paid in the demo survives a restart.
 */
function startBankSandbox(): ChildProcess | null {
  const cli = path.join(repoRoot, 'tools/bank-sandbox/src/cli.ts');
  if (!fs.existsSync(cli)) {
    log.warn({ cli }, 'bank sandbox not found; escrow payments cannot be made');
    return null;
  }
  const url = new URL(config.BANK_URL);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      cli,
      '--host',
      url.hostname,
      '--port',
      url.port || '80',
      '--data-dir',
      path.join(config.dataDir, 'bank-sandbox'),
      '--parent-pid',
      String(process.pid),
    ],
    {
      cwd: repoRoot,
      // Secrets by environment, not argv (argv is visible to every local user in ps).
      env: {
        ...process.env,
        BANK_CALLBACK_SECRET: config.BANK_CALLBACK_SECRET,
        BANK_API_KEY: config.BANK_API_KEY,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  child.on('exit', (code, signal) => {
    if (!closing) log.warn({ code, signal }, 'bank sandbox exited');
  });
  return child;
}

if (config.ROLE === 'all' || config.ROLE === 'api') {
  if (config.DEMO_BANK) bankSandbox = startBankSandbox();
  const address = await http.listen({ host: config.HOST, port: config.PORT });
  app.setPublicUrl(address);
  if (config.SEED_DEMO && config.DEMO_POLICE) policeSandbox = await startPoliceSandbox(address);
  const lines = [
    '',
    `Jiapei 驾培 is running at ${address.replace('127.0.0.1', 'localhost')}  (database: ${app.dbKind})`,
    `  public portal    ${address}/`,
    `  school portal    ${address}/school`,
    `  regulator portal ${address}/regulator`,
    `  API docs         ${address}/api/docs`,
  ];
  if (gateway) {
    lines.push(
      `  terminal gateway tcp://${gateway.host}:${gateway.port}  (JT/T 808 + 驾培; metrics ${address}/api/metrics)`,
    );
    if (simulators.length > 0) {
      lines.push(
        `  demo fleet       ${config.DEMO_FLEET_CARS} simulated cars driving (data/demo-fleet.json; the demo school's first ${simulators.length - 1} are a 跑马机 and a replayed track)`,
      );
    }
  }
  if (bankSandbox) {
    lines.push(
      `  bank sandbox     ${config.BANK_URL}  (escrow payments, callbacks, statements; ${config.dataDir}/bank-sandbox)`,
    );
  }
  if (policeSandbox) {
    lines.push(
      `  police sandbox   polls ${address}/api/exam-link every ${config.DEMO_POLICE_INTERVAL_S} s, passes ${Math.round(config.DEMO_POLICE_PASS_PROBABILITY * 100)} % (${config.dataDir}/demo-police.key.pem)`,
    );
  }
  if (config.SEED_DEMO) {
    lines.push(`  demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of demoAccounts) lines.push(`    ${a.username.padEnd(15)} ${a.role.padEnd(19)} ${a.portal}`);
  }
  console.log(lines.join('\n'));
}
