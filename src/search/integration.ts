import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { extname } from 'node:path';
import * as pagefind from 'pagefind';
import { tryDecode } from '../http/path-params.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { devSearchIndex } from './dev-index.ts';

/** Builds the Pagefind index (one per `<html lang>`, only `data-pagefind-body` elements) into dist/pagefind/ after each build. */
const contentTypes: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

export default function search(): AstroIntegration {
  return {
    name: 'vuelve:search',
    hooks: {
      // `astro dev` writes no dist/: index the pages the dev server renders, on the first search, and serve it.
      'astro:server:setup': ({ server, logger }) => {
        let files: Promise<Map<string, Uint8Array>> | undefined;
        server.middlewares.use('/pagefind/', (request, response, next) => {
          const path = tryDecode((request.url ?? '').split('?')[0]!.replace(/^\/+/, ''));
          if (path === undefined) return next();
          const origin = `http://${request.headers.host ?? 'localhost:4321'}`;
          files ??= devSearchIndex(['en', 'es'], async (page) => (await fetch(origin + page)).text()).then((built) => {
            logger.info(`search index built from ${origin} (restart npm start to index edited pages)`);
            return built;
          });
          files.then(
            (built) => {
              const file = built.get(path);
              if (!file) return next();
              response.writeHead(200, { ...securityHeaders('/pagefind/'), 'content-type': contentTypes[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
              response.end(Buffer.from(file));
            },
            (error: unknown) => {
              files = undefined;
              next(error);
            },
          );
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: fileURLToPath(dir) });
        if (added.errors.length > 0) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: fileURLToPath(new URL('pagefind/', dir)) });
        if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        logger.info(`indexed ${added.page_count} pages`);
        await pagefind.close();
      },
    },
  };
}
