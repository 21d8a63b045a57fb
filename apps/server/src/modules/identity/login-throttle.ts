/**
 * Per-address login throttle: a sliding one-minute window kept in memory. It slows password spraying
 * across many accounts; the per-account lockout (in the database) stops guessing one account. With
 * several API replicas each keeps its own window, which only makes the limit looser by that factor.
 */
export function createLoginThrottle(options: { perMinute: number; now: () => number }) {
  const attempts = new Map<string, number[]>();
  return {
    /** Records an attempt and says whether it may proceed. */
    allow(address: string): boolean {
      const now = options.now();
      const recent = (attempts.get(address) ?? []).filter((t) => now - t < 60_000);
      if (recent.length >= options.perMinute) {
        attempts.set(address, recent);
        return false;
      }
      recent.push(now);
      attempts.set(address, recent);
      if (attempts.size > 10_000) {
        for (const [key, times] of attempts) if (times.every((t) => now - t >= 60_000)) attempts.delete(key);
      }
      return true;
    },
  };
}
