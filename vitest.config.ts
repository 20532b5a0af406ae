import { defineConfig } from 'vitest/config';

// Tests read the content compiled from content/ (src/catalog/compile.ts): compile it first, fresh.
const content = 'test/support/compile-content.ts';
// A real PostgreSQL server beside PGlite: the data and concurrency suites run on both.
const postgres = 'test/support/postgres-server.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/build/**', 'test/deploy/**'],
          environment: 'node',
          globalSetup: [content, postgres],
          // Importing every function's module takes more than the 10 s default on a busy machine, and so does
          // a fresh PGlite database with its migrations.
          hookTimeout: 60_000,
          testTimeout: 30_000,
        },
      },
      {
        // Checks over the built site in dist/ (npm test builds first).
        test: { name: 'build', include: ['test/build/**/*.test.ts'], environment: 'node', globalSetup: [content] },
      },
      {
        // The build bundled as Netlify does and every route called as Netlify runs it (npm test builds first).
        test: { name: 'deploy', include: ['test/deploy/**/*.test.ts'], environment: 'node', globalSetup: [content, postgres], testTimeout: 300_000, hookTimeout: 600_000 },
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
