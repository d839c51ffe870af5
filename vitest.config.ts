import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` runs pure code with no services; `integration` shares one
 * ephemeral Temporal dev server, a migrated test database and a Redis key prefix,
 * all prepared once by test/global-setup.ts.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'core/**/*.test.ts',
            'api/**/*.test.ts',
            'workflows/**/*.test.ts',
            'infra/**/*.test.ts',
            'features/**/*.test.ts',
            'outbound/**/*.test.ts',
            'sandbox/**/*.test.ts',
            'activities/**/*.test.ts',
            'workers/**/*.test.ts',
            'web/src/**/*.test.ts',
            'web/src/**/*.test.tsx',
          ],
          exclude: ['**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', '**/*.int.test.ts'],
          exclude: ['node_modules/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Integration files share one Temporal server and database; forks keep the
          // native Temporal core bridge and Prisma pools out of worker threads.
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
