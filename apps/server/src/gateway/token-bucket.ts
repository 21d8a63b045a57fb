/**
 * Per-connection rate limit: `ratePerSecond` tokens refill continuously up to `burst`. A frame costs
 * one token, a malformed one more, so a terminal that floods or sends junk is slowed down (its socket
 * stops being read for a moment) while every other connection carries on. Time is passed in.
 */
export type TokenBucket = {
  /** Takes `cost` tokens; false when the bucket went empty (the caller throttles). */
  take(cost: number, nowMs: number): boolean;
  /** Milliseconds until the bucket is back to one token. */
  waitMs(nowMs: number): number;
  readonly tokens: number;
};

export function createTokenBucket(ratePerSecond: number, burst: number, nowMs: number): TokenBucket {
  let tokens = burst;
  let last = nowMs;
  const refill = (now: number) => {
    if (now > last) {
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * ratePerSecond);
      last = now;
    }
  };
  return {
    take(cost, now) {
      refill(now);
      tokens -= cost;
      return tokens >= 0;
    },
    waitMs(now) {
      refill(now);
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / ratePerSecond) * 1000);
    },
    get tokens() {
      return tokens;
    },
  };
}
