import { describe, expect, it } from 'vitest';
import { createBoundedQueue } from './bounded-queue.ts';

describe('bounded queue', () => {
  it('saturates at the high water mark, refuses only at capacity, and relieves waiters at the low mark', () => {
    const q = createBoundedQueue<number>({ capacity: 10, highWater: 8, lowWater: 4 });
    let relieved = 0;
    for (let i = 0; i < 7; i++) expect(q.push(i)).toBe(true);
    expect(q.saturated).toBe(false);
    q.whenRelieved(() => relieved++); // not saturated: runs at once
    expect(relieved).toBe(1);
    q.push(7);
    expect(q.saturated).toBe(true);
    q.whenRelieved(() => relieved++);
    expect(q.push(8)).toBe(true);
    expect(q.push(9)).toBe(true);
    expect(q.push(10)).toBe(false); // at capacity
    expect(q.take(3)).toEqual([0, 1, 2]);
    expect(q.saturated).toBe(true); // 7 left, still above the low mark
    expect(relieved).toBe(1);
    expect(q.take(3)).toEqual([3, 4, 5]);
    expect(q.saturated).toBe(false);
    expect(relieved).toBe(2);
  });

  it('puts a failed batch back in front, in order', () => {
    const q = createBoundedQueue<number>({ capacity: 10 });
    [1, 2, 3, 4].forEach((i) => q.push(i));
    const batch = q.take(2);
    q.requeue(batch);
    expect(q.take(10)).toEqual([1, 2, 3, 4]);
  });

  it('checks its marks', () => {
    expect(() => createBoundedQueue({ capacity: 10, highWater: 11 })).toThrow();
  });
});
