import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { MetricsRegistry } from '../../shared/metrics.ts';
import { createBoundedQueue } from './bounded-queue.ts';
import type { PositionRow, TelemetryRepository, TerminalStatusRow } from './telemetry.repository.ts';

export type TelemetryOptions = {
  /** Hard capacity of the position queue; sessions pause reading at 80 % of it. */
  queueCapacity: number;
  /** Rows per INSERT. */
  batchSize: number;
  /** The writer flushes at least this often. */
  flushMs: number;
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
 * multi-row INSERTs, flushed by size or every `flushMs`; a failed write is put back and retried, never
 * dropped. Status rows are coalesced in memory (latest wins per terminal) and upserted in one batch per
 * flush, so a busy terminal costs one status write per flush, not one per message.
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

  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let stopped = false;
  let wasSaturated = false;

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

  async function writeOnce(): Promise<void> {
    // Positions first, in batches, until the queue is empty or a write fails.
    while (queue.length > 0) {
      const batch = queue.take(options.batchSize);
      const started = performance.now();
      try {
        const written = await telemetry.insertPositions(db, batch);
        m.batchSeconds.observe((performance.now() - started) / 1000, { table: 'positions' });
        m.rowsWritten.inc({ table: 'positions' }, written);
        if (written < batch.length) m.duplicates.inc(undefined, batch.length - written);
      } catch (err) {
        queue.requeue(batch);
        m.writeErrors.inc({ table: 'positions' });
        deps.onError?.(err);
        return;
      }
    }
    if (dirty.size > 0) {
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
  }

  /** One flush at a time; a caller arriving mid-flush waits for it and then flushes what came since. */
  function flush(): Promise<void> {
    if (flushing) return flushing.then(() => (queue.length > 0 || dirty.size > 0 ? flush() : undefined));
    flushing = writeOnce().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  return {
    /** Starts the periodic writer. */
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (!flushing) void flush();
      }, options.flushMs);
      timer.unref();
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
      if (queue.length >= options.batchSize && !flushing) void flush();
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
      timer = null;
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
