import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.ts';

describe('login throttle', () => {
  it('allows N attempts a minute per address and recovers after the window', () => {
    let now = 0;
    const throttle = createLoginThrottle({ perMinute: 2, now: () => now });

    const first = [throttle.allow('a'), throttle.allow('a'), throttle.allow('a'), throttle.allow('b')];
    now = 60_001;
    const later = throttle.allow('a');

    expect(first).toEqual([true, true, false, true]);
    expect(later).toBe(true);
  });
});
