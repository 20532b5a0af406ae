import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/build/**'],
          environment: 'node',
        },
      },
      {
        // Checks over the built site in dist/ (npm test builds first).
        test: { name: 'build', include: ['test/build/**/*.test.ts'], environment: 'node' },
      },
      {
        // Chromium against one `astro dev` server on a temporary data folder.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/setup/server.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
