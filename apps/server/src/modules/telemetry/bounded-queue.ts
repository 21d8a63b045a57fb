/**
 * A FIFO with a hard capacity and a high/low water mark. Producers (terminal sessions) push; when the
 * queue reaches its high water mark it is `saturated` and sessions stop reading their sockets, so TCP
 * flow control slows the terminals down instead of us dropping their data. Once the writer drains it
 * to the low water mark, every waiting producer is resumed. `push` refuses only at the hard capacity,
 * which the slack between high water and capacity keeps for frames already read from a socket.
 */
export type BoundedQueue<T> = {
  /** False when the queue is at capacity (the caller counts the drop). */
  push(item: T): boolean;
  /** Removes and returns up to `max` items, oldest first. */
  take(max: number): T[];
  /** Puts a batch back at the front (a write that failed is retried before newer items). */
  requeue(items: T[]): void;
  readonly length: number;
  readonly capacity: number;
  /** True from the high water mark until the queue has drained to the low water mark. */
  readonly saturated: boolean;
  /** Runs `fn` once, when the queue is no longer saturated (at once if it is not). */
  whenRelieved(fn: () => void): void;
};

export function createBoundedQueue<T>(options: {
  capacity: number;
  highWater?: number;
  lowWater?: number;
}): BoundedQueue<T> {
  const capacity = options.capacity;
  const highWater = options.highWater ?? Math.max(1, Math.floor(capacity * 0.8));
  const lowWater = options.lowWater ?? Math.floor(highWater / 2);
  if (!(lowWater < highWater && highWater <= capacity)) {
    throw new Error('bounded queue: need lowWater < highWater <= capacity');
  }
  let items: T[] = [];
  let saturated = false;
  let waiting: (() => void)[] = [];

  const relieveIfDrained = () => {
    if (!saturated || items.length > lowWater) return;
    saturated = false;
    const run = waiting;
    waiting = [];
    for (const fn of run) fn();
  };

  return {
    push(item) {
      if (items.length >= capacity) return false;
      items.push(item);
      if (items.length >= highWater) saturated = true;
      return true;
    },
    take(max) {
      const batch = items.length <= max ? items : items.slice(0, max);
      items = items.length <= max ? [] : items.slice(max);
      relieveIfDrained();
      return batch;
    },
    requeue(batch) {
      items = batch.concat(items);
      if (items.length >= highWater) saturated = true;
    },
    get length() {
      return items.length;
    },
    capacity,
    get saturated() {
      return saturated;
    },
    whenRelieved(fn) {
      if (!saturated) fn();
      else waiting.push(fn);
    },
  };
}
