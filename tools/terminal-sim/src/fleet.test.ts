import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetFile } from './fleet-file.ts';
import { startFleet } from './fleet.ts';
import { startFakeGateway } from './testing/fake-gateway.ts';
import { CORRIDOR, testCar } from './testing/fixtures.ts';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function fleetOf(n: number): FleetFile {
  return {
    cars: Array.from({ length: n }, (_, i) =>
      testCar({
        terminalNumber: `37010200000001${String(i).padStart(2, '0')}`,
        phone: `0139000000${String(i).padStart(2, '0')}`,
        area: i % 2 ? CORRIDOR : testCar().area,
      }),
    ),
  };
}

async function eventually(cond: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('startFleet', () => {
  it('runs many cars on one scheduler: all connect, train, and stop cleanly', async () => {
    const gw = await startFakeGateway('2013', '0');
    cleanup.push(() => gw.close());
    const fleet = startFleet({
      fleet: fleetOf(6),
      port: gw.port,
      speedup: 600,
      startAt: Date.parse('2025-03-03T09:00:00+08:00'),
      // A 500 ms floor for replies: the fake gateway answers in microseconds, but a loaded machine can
      // stall the event loop for a few hundred.
      terminal: { sessionMinutes: [1, 2], breakMinutes: [1, 1], minRealTimeoutMs: 500 },
    });
    cleanup.push(() => fleet.stop());
    await eventually(() => fleet.stats().sessions.completed >= 6);
    const s = fleet.stats();
    expect(s.cars).toBe(6);
    expect(s.connected).toBe(6);
    expect(s.authenticated).toBe(6);
    expect(s.sent['0x0900/0x0203']).toBeGreaterThanOrEqual(6);
    expect(new Set(gw.messages.map((m) => m.header.phone)).size).toBe(6);
    expect(fleet.scheduler.pending).toBeLessThanOrEqual(6 * 2);
    const final = await fleet.stop();
    expect(final.connected).toBe(0);
    expect(final.errors).toEqual({});
  });
});

describe('terminal-sim CLI', () => {
  it('runs a fleet file for a while and prints a JSON summary', async () => {
    const gw = await startFakeGateway('2013', '0');
    cleanup.push(() => gw.close());
    const dir = await mkdtemp(path.join(tmpdir(), 'terminal-sim-'));
    const file = path.join(dir, 'fleet.json');
    await writeFile(file, JSON.stringify(fleetOf(3)));
    const bin = fileURLToPath(new URL('../bin/terminal-sim.mjs', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        bin,
        'run',
        '--fleet',
        file,
        '--port',
        String(gw.port),
        '--speedup',
        '120',
        '--duration',
        '3',
        '--status-every',
        '1',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const summary = JSON.parse(out) as { reason: string; cars: number; sent: Record<string, number> };
    expect(summary.reason).toBe('duration');
    expect(summary.cars).toBe(3);
    expect(summary.sent['0x0102']).toBeGreaterThanOrEqual(3);
    expect(err).toMatch(/connected \d+\/3/);
  }, 20_000);
});
