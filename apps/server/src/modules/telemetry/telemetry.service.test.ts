import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../../db/types.ts';
import { fixedClock } from '../../shared/clock.ts';
import { createMetricsRegistry } from '../../shared/metrics.ts';
import type { PositionRow, TelemetryRepository } from './telemetry.repository.ts';
import { createTelemetryService, type TelemetryOptions } from './telemetry.service.ts';

/*
 * The writer against a fake repository (the SQL itself is covered by the gateway's integration tests):
 * how many INSERTs overlap, what happens to a batch whose write fails, and that live-row upserts run
 * on their own, off the positions path.
 */

type Gate = { rows: PositionRow[]; release: (fail?: boolean) => void };

function fakeRepository() {
  const stored = new Map<string, PositionRow>();
  const open: Gate[] = [];
  let running = 0;
  let maxRunning = 0;
  let statusGate: (() => void) | null = null;
  const repo = {
    insertPositions: (_db: unknown, rows: PositionRow[]) =>
      new Promise<number>((resolve, reject) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        open.push({
          rows,
          release(fail) {
            running--;
            if (fail) return reject(new Error('connection lost'));
            let n = 0;
            for (const r of rows) {
              const key = `${r.terminalId}|${r.fixTime.getTime()}`;
              if (!stored.has(key)) n++;
              stored.set(key, r);
            }
            resolve(n);
          },
        });
      }),
    upsertStatuses: () => new Promise<void>((resolve) => (statusGate = resolve)),
  } as unknown as TelemetryRepository;
  return {
    repo,
    stored,
    open,
    get maxRunning() {
      return maxRunning;
    },
    releaseStatus() {
      statusGate?.();
      statusGate = null;
    },
    get statusPending() {
      return statusGate !== null;
    },
  };
}

function service(repo: TelemetryRepository, options: Partial<TelemetryOptions> = {}) {
  const errors: unknown[] = [];
  const svc = createTelemetryService({
    db: {} as Kysely<DB>,
    telemetry: repo,
    clock: fixedClock(new Date('2026-11-02T09:00:00+08:00')),
    metrics: createMetricsRegistry('t_'),
    options: { queueCapacity: 1000, batchSize: 10, flushMs: 60_000, writers: 3, ...options },
    onError: (e) => errors.push(e),
  });
  return { svc, errors };
}

const fix = (i: number) => ({
  fixTime: new Date(Date.UTC(2026, 10, 2, 1, 0, i)),
  latitude: 36.65,
  longitude: 117,
  altitude: 0,
  speedKmh: 30,
  direction: 90,
  alarm: 0,
  statusBits: 3,
  blind: false,
});

const tick = () => new Promise((r) => setImmediate(r));

describe('telemetry writer', () => {
  it('keeps up to `writers` full batches in flight, no more', async () => {
    const fake = fakeRepository();
    const { svc } = service(fake.repo);
    for (let i = 0; i < 50; i++) svc.recordPosition('t1', fix(i));
    expect(fake.open.length).toBe(3);
    const inFlight = fake.open.reduce((n, g) => n + g.rows.length, 0);
    expect(svc.queueDepth).toBe(50 - inFlight);
    const flushed = svc.flush();
    while (fake.open.length > 0) {
      fake.open.shift()!.release();
      await tick();
    }
    await tick();
    fake.releaseStatus();
    await flushed;
    expect(fake.stored.size).toBe(50);
    expect(fake.maxRunning).toBe(3);
  });

  it('puts a failed batch back and writes it on the next flush: nothing lost, nothing twice', async () => {
    const fake = fakeRepository();
    const { svc, errors } = service(fake.repo, { writers: 2 });
    for (let i = 0; i < 20; i++) svc.recordPosition('t1', fix(i));
    expect(fake.open.length).toBe(2);
    fake.open.shift()!.release(true);
    fake.open.shift()!.release();
    await tick();
    // The failure holds new writes back until the next tick or flush instead of retrying in a loop.
    expect(fake.open.length).toBe(0);
    expect(svc.queueDepth).toBe(10);
    expect(errors).toHaveLength(1);
    const flushed = svc.flush();
    await tick();
    fake.open.shift()!.release();
    await tick();
    fake.releaseStatus();
    await flushed;
    expect(fake.stored.size).toBe(20);
    expect(svc.queueDepth).toBe(0);
  });

  it('writes positions while a live-row upsert is still running', async () => {
    const fake = fakeRepository();
    const { svc } = service(fake.repo, { writers: 1 });
    svc.seen('t1');
    const statusFlush = svc.flush(); // no positions yet: goes straight to the live rows
    await tick();
    expect(fake.statusPending).toBe(true);
    for (let i = 0; i < 10; i++) svc.recordPosition('t1', fix(i));
    while (fake.open.length > 0) {
      fake.open.shift()!.release();
      await tick();
    }
    expect(fake.stored.size).toBe(10);
    expect(fake.statusPending).toBe(true);
    fake.releaseStatus();
    await statusFlush;
  });
});
