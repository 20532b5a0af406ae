import type { App } from '../app.ts';

/** Whether the database answers a trivial query (the cause is logged, never shown). */
export async function databaseAnswers(app: Pick<App, 'db'>): Promise<boolean> {
  try {
    await app.db.query('SELECT 1');
    return true;
  } catch (error) {
    console.error(`The database does not answer: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
