import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Unit tests need no engine: no global setup pings one, so they run anywhere, CI=true included.
        // A generous bound: on a loaded 2-core machine a first render that loads cli-table3 took 7 s once.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Integration tests share one engine; files run in parallel, tests inside a file in order.
          fileParallelism: true,
        },
      },
    ],
  },
});
