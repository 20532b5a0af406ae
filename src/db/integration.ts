import type { AstroIntegration } from 'astro';
import { dbOver } from './db.ts';
import { migrate } from './migrate.ts';

/** `npm start`: the adapter starts the local database emulation but applies no migration; this applies them, as a deploy does. */
export default function localDatabase(): AstroIntegration {
  return {
    name: 'vuelve:local-database',
    hooks: {
      'astro:server:start': async ({ logger }) => {
        const url = process.env.NETLIFY_DB_URL;
        if (!url) {
          logger.warn('The local database did not start (no NETLIFY_DB_URL): pages that read records will fail');
          return;
        }
        const [{ default: pg }, { withUser }] = await Promise.all([import('pg'), import('../app.ts')]);
        const pool = new pg.Pool({ connectionString: withUser(url), max: 1 });
        try {
          const applied = await migrate(dbOver(pool, () => pool.end()));
          if (applied.length > 0) logger.info(`Database migrations applied: ${applied.join(', ')}`);
        } finally {
          await pool.end();
        }
      },
    },
  };
}
