/**
 * terminal-sim CLI: `run --fleet <file.json> [--host] [--port] [--cars N] [--profile …] [--speedup X]
 * [--duration s] [--local-addresses a,b] [--position-interval s] [--seed S] [--session-minutes a-b]
 * [--break-minutes a-b]`.
 * A status line goes to stderr every few seconds; the JSON summary goes to stdout at the end
 * (duration reached, SIGINT or SIGTERM), so it can be piped.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { FleetFile } from './fleet-file.ts';
import { startFleet } from './fleet.ts';
import { isProfile, PROFILES } from './profiles.ts';
import { sum, type SimStats } from './stats.ts';
import { isoCst } from './time.ts';

const USAGE = `usage: terminal-sim run --fleet <file.json> [--host 127.0.0.1] [--port 7611] [--cars N]
       [--profile ${PROFILES.join('|')}] [--speedup X] [--duration seconds (real)]
       [--local-addresses 127.0.0.2,127.0.0.3] [--position-interval s] [--seed S] [--status-every s]
       [--session-minutes a-b (simulated, default 30-90)] [--break-minutes a-b (simulated, default 2-10)]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    fail(`--${name}: expected a positive number, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** `a-b` (or one number) as a range of simulated minutes, e.g. short sessions for a demo that must show results soon. */
function minuteRange(name: string, value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split('-').map(Number);
  const low = parts[0] ?? NaN;
  const high = parts[1] ?? low;
  if (parts.length > 2 || !Number.isFinite(low) || !Number.isFinite(high) || low <= 0 || high < low) {
    fail(`--${name}: expected minutes as a-b with 0 < a <= b, got ${JSON.stringify(value)}`);
  }
  return [low, high];
}

function statusLine(s: SimStats, simNow: number): string {
  return [
    `[${isoCst(simNow).slice(0, 19).replace('T', ' ')}]`,
    `connected ${s.connected}/${s.cars}`,
    `auth ${s.authenticated}`,
    `in-session ${s.inSession}`,
    `sessions ${s.sessions.completed}/${s.sessions.started}`,
    `sent ${sum(s.sent)}`,
    `acks ${sum(s.acks)}`,
    `records ${s.minuteRecords}`,
    `photos ${s.photos}`,
    `resends ${s.resends}`,
    `errors ${sum(s.errors)}`,
  ].join('  ');
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      fleet: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      cars: { type: 'string' },
      profile: { type: 'string' },
      speedup: { type: 'string' },
      duration: { type: 'string' },
      'local-addresses': { type: 'string' },
      'position-interval': { type: 'string' },
      seed: { type: 'string' },
      'status-every': { type: 'string' },
      'session-minutes': { type: 'string' },
      'break-minutes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals[0] !== 'run') fail('expected the command "run"');
  if (!values.fleet) fail('--fleet is required');
  const profile = values.profile ?? 'honest';
  if (!isProfile(profile)) fail(`--profile: one of ${PROFILES.join(', ')}`);
  let fleet: FleetFile;
  try {
    fleet = JSON.parse(await readFile(values.fleet, 'utf8')) as FleetFile;
  } catch (e) {
    fail(`cannot read the fleet file ${values.fleet}: ${(e as Error).message}`);
  }
  if (!Array.isArray(fleet.cars) || fleet.cars.length === 0) fail('the fleet file has no cars');

  const run = startFleet({
    fleet,
    host: values.host,
    port: positive('port', values.port),
    cars: positive('cars', values.cars),
    profile,
    speedup: positive('speedup', values.speedup) ?? 1,
    seed: values.seed ?? 1,
    localAddresses: values['local-addresses']?.split(',').map((a) => a.trim()),
    positionIntervalSec: positive('position-interval', values['position-interval']),
    terminal: {
      ...(values['session-minutes'] && {
        sessionMinutes: minuteRange('session-minutes', values['session-minutes']),
      }),
      ...(values['break-minutes'] && { breakMinutes: minuteRange('break-minutes', values['break-minutes']) }),
    },
  });
  const startedAt = Date.now();
  const every = (positive('status-every', values['status-every']) ?? 5) * 1000;
  const status = setInterval(
    () => process.stderr.write(`${statusLine(run.stats(), run.scheduler.now())}\n`),
    every,
  );

  let finishing = false;
  const finish = async (reason: string): Promise<void> => {
    if (finishing) return;
    finishing = true;
    clearInterval(status);
    // A car parked on a simulated timer only notices the stop when the timer fires (up to a heartbeat
    // interval); the process does not wait that long: its sockets are closed already.
    const stats = await Promise.race([
      run.stop(),
      new Promise<ReturnType<typeof run.stats>>((resolve) => setTimeout(() => resolve(run.stats()), 2_000)),
    ]);
    const summary = {
      reason,
      realSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
      simulatedUntil: isoCst(run.scheduler.now()),
      profile,
      ...stats,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    process.exit(0);
  };
  process.on('SIGINT', () => void finish('SIGINT'));
  process.on('SIGTERM', () => void finish('SIGTERM'));
  const duration = positive('duration', values.duration);
  if (duration) setTimeout(() => void finish('duration'), duration * 1000);
}

await main(process.argv.slice(2));
