import type { TestProject } from 'vitest/node';
import { postgresBin, startPostgres } from '../../scripts/support/postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real PostgreSQL server for the data and concurrency suites, e.g. postgres://postgres@127.0.0.1:5499/postgres; '' when none could start. */
    postgresUrl: string;
  }
}

/**
 * Vitest global setup: a throwaway PostgreSQL server for the run. PGlite is one session and never shows
 * what concurrent sessions do; this does. On CI (CI=true) a missing server fails the run instead of
 * skipping its half of the suites.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const bin = postgresBin();
  if (!bin) {
    if (process.env.CI) throw new Error('PostgreSQL is not installed: `apt-get install postgresql` (.ci/run does)');
    console.warn('PostgreSQL is not installed (apt-get install postgresql): the real-server half of the data tests is skipped');
    project.provide('postgresUrl', '');
    return () => undefined;
  }
  const server = await startPostgres(bin);
  project.provide('postgresUrl', server.url);
  return server.stop;
}
