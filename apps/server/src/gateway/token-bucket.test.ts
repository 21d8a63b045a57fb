import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket.ts';

describe('token bucket', () => {
  it('allows a burst, then refills at the rate', () => {
    const b = createTokenBucket(10, 5, 0);
    for (let i = 0; i < 5; i++) expect(b.take(1, 0)).toBe(true);
    expect(b.take(1, 0)).toBe(false);
    expect(b.waitMs(0)).toBe(200); // from −1 back to +1 at 10/s
    expect(b.take(1, 500)).toBe(true); // +5 tokens after 0.5 s (capped at the burst)
  });

  it('charges malformed frames more', () => {
    const b = createTokenBucket(1, 20, 0);
    expect(b.take(10, 0)).toBe(true);
    expect(b.take(10, 0)).toBe(true);
    expect(b.take(10, 0)).toBe(false);
  });
});
