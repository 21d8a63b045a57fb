/**
 * Simulated time. Every car of a fleet shares one {@link Scheduler}: a binary heap of (simulated time,
 * callback) served by a single Node timer, so ten thousand cars cost ten thousand heap entries rather
 * than ten thousand intervals. Frames carry simulated timestamps; `speedup` maps them to wall time.
 */

/** Simulated wall-clock time in epoch milliseconds. */
export type Clock = { now(): number };

export type TimerHandle = { cancel(): void };

export type Scheduler = {
  readonly clock: Clock;
  now(): number;
  /** Run `fn` when simulated time reaches `simMs` (immediately-ish if it already has). */
  at(simMs: number, fn: () => void): TimerHandle;
  /** Resolve when simulated time reaches `simMs`; resolves at once for a time already past. */
  sleepUntil(simMs: number): Promise<void>;
  sleep(simMs: number): Promise<void>;
  /** Simulated milliseconds per real millisecond. */
  readonly speedup: number;
  /** Drop every pending callback and release the Node timer. */
  stop(): void;
  /** Pending callbacks (for tests and status lines). */
  readonly pending: number;
};

type Entry = { t: number; seq: number; fn: (() => void) | null };

/** Min-heap on (t, seq): equal times run in scheduling order, which keeps runs reproducible. */
class Heap {
  private items: Entry[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Entry | undefined {
    return this.items[0];
  }
  push(e: Entry): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Entry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
  clear(): void {
    this.items = [];
  }
}

function less(a: Entry, b: Entry): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

/** Callbacks run per timer turn before yielding to I/O, so sockets are served under load. */
const BATCH = 2000;

export type RealtimeSchedulerOptions = {
  /** Simulated ms per real ms. Default 1. */
  speedup?: number;
  /** Simulated epoch ms at creation. Default: the real time now. */
  startAt?: number;
  /** Real clock in ms (monotonic); injectable for tests. Default `performance.now`. */
  realNow?: () => number;
};

/** Simulated time that runs `speedup` times faster than the wall clock. */
export function createRealtimeScheduler(options: RealtimeSchedulerOptions = {}): Scheduler {
  const speedup = options.speedup ?? 1;
  if (!(speedup > 0) || !Number.isFinite(speedup)) throw new RangeError('speedup must be a positive number');
  const realNow = options.realNow ?? (() => performance.now());
  const realStart = realNow();
  const simStart = options.startAt ?? Date.now();
  const now = (): number => simStart + (realNow() - realStart) * speedup;
  const heap = new Heap();
  let seq = 0;
  let timer: NodeJS.Timeout | null = null;
  let armedFor = Infinity;
  let stopped = false;

  const arm = (): void => {
    const top = heap.peek();
    if (!top || stopped) return;
    if (timer && armedFor <= top.t) return;
    if (timer) clearTimeout(timer);
    armedFor = top.t;
    const delay = Math.max(0, (top.t - now()) / speedup);
    timer = setTimeout(fire, Math.min(delay, 2 ** 31 - 1));
  };

  const fire = (): void => {
    timer = null;
    armedFor = Infinity;
    const t = now();
    let n = 0;
    while (!stopped) {
      const top = heap.peek();
      if (!top || top.t > t) break;
      if (n++ >= BATCH) {
        // Let sockets breathe, then continue with what is due.
        armedFor = top.t;
        timer = setTimeout(fire, 0);
        return;
      }
      heap.pop();
      const fn = top.fn;
      top.fn = null;
      fn?.();
    }
    arm();
  };

  const at = (simMs: number, fn: () => void): TimerHandle => {
    const entry: Entry = { t: simMs, seq: seq++, fn };
    if (!stopped) {
      heap.push(entry);
      arm();
    }
    return { cancel: () => void (entry.fn = null) };
  };

  return {
    clock: { now },
    now,
    at,
    speedup,
    sleepUntil: (simMs) => new Promise<void>((resolve) => void at(simMs, resolve)),
    sleep: (ms) => new Promise<void>((resolve) => void at(now() + ms, resolve)),
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      heap.clear();
    },
    get pending() {
      return heap.size;
    },
  };
}

/**
 * A scheduler whose time only moves when told to (`advanceTo` / `advanceBy`). Callbacks run in time
 * order; between callbacks pending promise continuations and I/O callbacks get a turn, so coroutines
 * that `await sleep()` progress as they would in real time. For tests without sockets.
 */
export type ManualScheduler = Scheduler & {
  advanceTo(simMs: number): Promise<void>;
  advanceBy(ms: number): Promise<void>;
};

export function createManualScheduler(startAt: number): ManualScheduler {
  let current = startAt;
  const heap = new Heap();
  let seq = 0;
  const at = (simMs: number, fn: () => void): TimerHandle => {
    const entry: Entry = { t: simMs, seq: seq++, fn };
    heap.push(entry);
    return { cancel: () => void (entry.fn = null) };
  };
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const advanceTo = async (target: number): Promise<void> => {
    await turn();
    for (;;) {
      const top = heap.peek();
      if (!top || top.t > target) break;
      heap.pop();
      current = Math.max(current, top.t);
      const fn = top.fn;
      top.fn = null;
      fn?.();
      await turn();
    }
    current = Math.max(current, target);
  };
  return {
    clock: { now: () => current },
    now: () => current,
    at,
    speedup: Infinity,
    sleepUntil: (simMs) => new Promise<void>((resolve) => void at(simMs, resolve)),
    sleep: (ms) => new Promise<void>((resolve) => void at(current + ms, resolve)),
    stop: () => heap.clear(),
    get pending() {
      return heap.size;
    },
    advanceTo,
    advanceBy: (ms) => advanceTo(current + ms),
  };
}
