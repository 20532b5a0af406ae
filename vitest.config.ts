import { defineConfig } from 'vitest/config';

// Tests read the content compiled from content/ (src/catalog/compile.ts): compile it first, fresh.
const content = 'test/support/compile-content.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/build/**'],
          environment: 'node',
          globalSetup: [content],
        },
      },
      {
        // Checks over the built site in dist/ (npm test builds first).
        test: { name: 'build', include: ['test/build/**/*.test.ts'], environment: 'node', globalSetup: [content] },
      },
      {
        // Chromium against one `astro dev` server on a temporary data folder.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [content, 'test/e2e/setup/server.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
