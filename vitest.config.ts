import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure code, no database) and `integration` (real PGlite, or PostgreSQL when
 * DATABASE_URL is set, through a golden database copied per test file). e2e runs under Playwright.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'apps/*/src/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'tools/*/src/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
          // Projects with different worker limits must run in separate groups: unit first.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['apps/server/**/*.int.test.ts', 'tools/*/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          globalSetup: ['apps/server/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // PGlite is single-threaded WASM; two cores fit two files at a time.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
