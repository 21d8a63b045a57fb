import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { MetricsRegistry } from '../../shared/metrics.ts';
import { createBoundedQueue } from './bounded-queue.ts';
import type { PositionRow, TelemetryRepository, TerminalStatusRow } from './telemetry.repository.ts';

export type TelemetryOptions = {
  /** Hard capacity of the position queue; sessions pause reading at 80 % of it. */
  queueCapacity: number;
  /** Most rows per INSERT. */
  batchSize: number;
  /** Rows that wait for a batch to fill are written at least this often. */
  flushMs: number;
  /** Position INSERTs in flight at once (default 1; PGlite has one connection, so 1 there). */
  writers?: number;
  /** Live status rows are upserted at most this often, off the positions path (default 1,000 ms). */
  statusFlushMs?: number;
};

/** A fix as the gateway hands it over (0x0200 or one 0x0704 item). */
export type PositionInput = Omit<PositionRow, 'terminalId' | 'receivedAt'>;

/** Who is in the car now, for the live map. `undefined` keeps the current value. */
export type SessionPatch = {
  coachId?: string | null;
  traineeId?: string | null;
  classroomId?: number | null;
};

/** Reasons a position can be lost; each is a labelled counter that shows in /api/metrics even at 0. */
export const DropReason = { queueFull: 'queue_full', shutdown: 'shutdown' } as const;

/**
 * Ingestion of positions and live terminal status. Positions go through one bounded queue into
 * multi-row INSERTs, up to `writers` of them in flight: a full batch goes at once, a partial one when
 * no write is running (so while the database is busy, rows gather into bigger batches — group commit)
 * or on the `flushMs` tick. A failed write is put back and retried on the next tick, never dropped.
 * Status rows are coalesced in memory (latest wins per terminal) and upserted in one batch every
 * `statusFlushMs`, on their own: a busy terminal costs one status write per interval, and status
 * writes never hold up positions.
 */
export function createTelemetryService(deps: {
  db: Kysely<DB>;
  telemetry: TelemetryRepository;
  clock: Clock;
  metrics: MetricsRegistry;
  options: TelemetryOptions;
  onError?: (err: unknown) => void;
}) {
  const { db, telemetry, clock, metrics, options } = deps;
  const queue = createBoundedQueue<PositionRow>({ capacity: options.queueCapacity });
  const statuses = new Map<string, TerminalStatusRow>();
  const dirty = new Set<string>();

  const m = {
    queueDepth: metrics.gauge(
      'telemetry_queue_depth',
      'Positions waiting for the batch writer',
      () => queue.length,
    ),
    dropped: metrics.counter('telemetry_dropped_total', 'Positions lost, by reason (should stay 0)', [
      { reason: DropReason.queueFull },
      { reason: DropReason.shutdown },
    ]),
    rowsWritten: metrics.counter(
      'telemetry_rows_written_total',
      'Rows written by the batch writer, by table',
      [{ table: 'positions' }, { table: 'terminal_status' }],
    ),
    duplicates: metrics.counter('telemetry_duplicate_positions_total', 'Positions already stored (resends)'),
    writeErrors: metrics.counter('telemetry_write_errors_total', 'Batch writes that failed and were retried'),
    batchSeconds: metrics.histogram('telemetry_batch_write_seconds', 'Latency of one batch write'),
    backpressure: metrics.counter(
      'telemetry_backpressure_total',
      'Times the queue reached its high water mark and sessions paused reading',
    ),
  };

  const writers = Math.max(1, options.writers ?? 1);
  const statusFlushMs = options.statusFlushMs ?? 1000;
  const minBatch = Math.max(1, Math.ceil(options.batchSize / 10));
  let timer: NodeJS.Timeout | null = null;
  let statusTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  let wasSaturated = false;
  /** Position writes in flight, and who waits for the next one to settle (`flush`). */
  let inFlight = 0;
  let settleWaiters: (() => void)[] = [];
  /** Set when a write failed: no new position write starts before the next tick or flush. */
  let retryHeld = false;
  let statusWrite: Promise<void> | null = null;

  metrics.gauge('telemetry_writes_in_flight', 'Position batch INSERTs running now', () => inFlight);

  function statusOf(terminalId: string): TerminalStatusRow {
    let s = statuses.get(terminalId);
    if (!s) {
      s = {
        terminalId,
        online: false,
        connectedAt: null,
        disconnectedAt: null,
        lastSeenAt: null,
        remoteAddress: null,
        latitude: null,
        longitude: null,
        speedKmh: null,
        direction: null,
        fixTime: null,
        alarm: null,
        statusBits: null,
        coachId: null,
        traineeId: null,
        classroomId: null,
      };
      statuses.set(terminalId, s);
    }
    return s;
  }

  function touch(terminalId: string): TerminalStatusRow {
    const s = statusOf(terminalId);
    dirty.add(terminalId);
    return s;
  }

  /**
   * Starts position writes while a writer is free: full batches always; any rows on the tick or a
   * flush (`partial`); and a batch of at least `minBatch` when nothing is being written. The last is
   * group commit: under load the rows that came in during one write go in the next at once, in a batch
   * as big as the database's pace makes it, while a trickle still waits for the tick.
   */
  function pump(partial: boolean) {
    while (!retryHeld && inFlight < writers && queue.length > 0) {
      const ready =
        partial || queue.length >= options.batchSize || (inFlight === 0 && queue.length >= minBatch);
      if (!ready) return;
      void writeBatch(queue.take(options.batchSize));
    }
  }

  async function writeBatch(batch: PositionRow[]): Promise<void> {
    inFlight++;
    const started = performance.now();
    try {
      const written = await telemetry.insertPositions(db, batch);
      m.batchSeconds.observe((performance.now() - started) / 1000, { table: 'positions' });
      m.rowsWritten.inc({ table: 'positions' }, written);
      if (written < batch.length) m.duplicates.inc(undefined, batch.length - written);
    } catch (err) {
      // Back in front: rows are keyed by terminal and fix time, so their order does not matter, and a
      // row that did get written before the failure is skipped as a duplicate the next time.
      queue.requeue(batch);
      retryHeld = true;
      m.writeErrors.inc({ table: 'positions' });
      deps.onError?.(err);
    } finally {
      inFlight--;
      const waiting = settleWaiters;
      settleWaiters = [];
      for (const fn of waiting) fn();
      pump(false);
    }
  }

  const nextSettle = () => new Promise<void>((resolve) => settleWaiters.push(resolve));

  /** Writes the positions queued now and those that arrive meanwhile, until none is left or one fails. */
  async function flushPositions(): Promise<void> {
    retryHeld = false;
    for (;;) {
      pump(true);
      if (inFlight === 0) return;
      await nextSettle();
    }
  }

  /** One status upsert at a time; a caller arriving mid-write waits for it and writes what came since. */
  function flushStatuses(): Promise<void> {
    if (statusWrite) return statusWrite.then(() => (dirty.size > 0 ? flushStatuses() : undefined));
    if (dirty.size === 0) return Promise.resolve();
    statusWrite = writeStatuses().finally(() => {
      statusWrite = null;
    });
    return statusWrite;
  }

  async function writeStatuses(): Promise<void> {
    const rows = [...dirty].map((id) => ({ ...statusOf(id) }));
    dirty.clear();
    const started = performance.now();
    try {
      await telemetry.upsertStatuses(db, rows, clock.now());
      m.batchSeconds.observe((performance.now() - started) / 1000, { table: 'terminal_status' });
      m.rowsWritten.inc({ table: 'terminal_status' }, rows.length);
    } catch (err) {
      for (const r of rows) dirty.add(r.terminalId);
      m.writeErrors.inc({ table: 'terminal_status' });
      deps.onError?.(err);
    }
  }

  /** Everything queued now is written (positions, then live rows), unless a write fails. */
  async function flush(): Promise<void> {
    await flushPositions();
    await flushStatuses();
  }

  return {
    /** Starts the periodic writers (leftover positions every `flushMs`, live rows every `statusFlushMs`). */
    start() {
      if (timer) return;
      timer = setInterval(() => {
        retryHeld = false;
        pump(true);
      }, options.flushMs);
      timer.unref();
      statusTimer = setInterval(() => void flushStatuses(), statusFlushMs);
      statusTimer.unref();
    },

    /**
     * Queues one fix and moves the live position if it is the newest. Returns false when the queue is
     * full (counted as a drop); callers should stop reading first, when `saturated` says so.
     */
    recordPosition(terminalId: string, fix: PositionInput): boolean {
      const now = clock.now();
      const s = touch(terminalId);
      s.lastSeenAt = now;
      if (!s.fixTime || fix.fixTime >= s.fixTime) {
        s.latitude = fix.latitude;
        s.longitude = fix.longitude;
        s.speedKmh = fix.speedKmh;
        s.direction = fix.direction;
        s.fixTime = fix.fixTime;
        s.alarm = fix.alarm;
        s.statusBits = fix.statusBits;
      }
      if (stopped || !queue.push({ ...fix, terminalId, receivedAt: now })) {
        m.dropped.inc({ reason: stopped ? DropReason.shutdown : DropReason.queueFull });
        return false;
      }
      if (queue.saturated && !wasSaturated) m.backpressure.inc();
      wasSaturated = queue.saturated;
      if (queue.length >= minBatch) pump(false);
      return true;
    },

    /** True while sessions should not read more from their sockets. */
    get saturated() {
      return queue.saturated;
    },
    /** Runs `fn` once the queue has drained below its low water mark. */
    whenRelieved(fn: () => void) {
      queue.whenRelieved(() => {
        wasSaturated = false;
        fn();
      });
    },
    get queueDepth() {
      return queue.length;
    },

    /** Loads the stored live row so session fields survive a reconnect, then marks it online. */
    async connected(terminalId: string, remoteAddress: string | null): Promise<void> {
      if (!statuses.has(terminalId)) {
        const stored = await telemetry.findStatus(db, terminalId);
        if (stored && !statuses.has(terminalId)) statuses.set(terminalId, { ...stored });
      }
      const s = touch(terminalId);
      const now = clock.now();
      s.online = true;
      s.connectedAt = now;
      s.lastSeenAt = now;
      s.remoteAddress = remoteAddress;
    },

    /** Any message from an authenticated terminal keeps it "seen". */
    seen(terminalId: string) {
      const s = touch(terminalId);
      s.lastSeenAt = clock.now();
    },

    disconnected(terminalId: string) {
      const s = touch(terminalId);
      s.online = false;
      s.disconnectedAt = clock.now();
    },

    setSession(terminalId: string, patch: SessionPatch) {
      const s = touch(terminalId);
      if (patch.coachId !== undefined) s.coachId = patch.coachId;
      if (patch.traineeId !== undefined) s.traineeId = patch.traineeId;
      if (patch.classroomId !== undefined) s.classroomId = patch.classroomId;
    },

    /** The in-memory live row (tests; the gateway's session start). */
    statusOf: (terminalId: string): Readonly<TerminalStatusRow> | undefined => statuses.get(terminalId),

    flush,

    /** Marks everything online as offline (no session survives a restart). */
    resetOnline: () => telemetry.markAllOffline(db, clock.now()),

    /** Stops the timer and writes everything queued; retries a failing write a few times. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      if (statusTimer) clearInterval(statusTimer);
      timer = null;
      statusTimer = null;
      for (let attempt = 0; attempt < 5; attempt++) {
        await flush();
        if (queue.length === 0 && dirty.size === 0) break;
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
      stopped = true;
      if (queue.length > 0) m.dropped.inc({ reason: DropReason.shutdown }, queue.take(queue.length).length);
    },
  };
}

export type TelemetryService = ReturnType<typeof createTelemetryService>;
