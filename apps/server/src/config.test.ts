import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('config', () => {
  it('applies defaults and converts types', () => {
    const config = loadConfig({ PORT: '9090', COOKIE_SECURE: 'true' });

    expect(config.PORT).toBe(9090);
    expect(config.COOKIE_SECURE).toBe(true);
    expect(config.SESSION_TTL_HOURS).toBe(12);
    expect(config.pgliteDir).toMatch(/data\/pglite$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('requires a data key in production on PostgreSQL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' })).toThrow(/DATA_KEY/);
  });
});
