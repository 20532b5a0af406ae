import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { securityHeaders } from '../http/security-headers.ts';
import { decapBase, localApiPath } from './paths.ts';

const decapDist = () => dirname(createRequire(import.meta.url).resolve('decap-cms/dist/decap-cms.js'));
// The bundle and the chunks and WebAssembly it loads from its own address; source maps stay out.
const shipped = (name: string) => /(^|\.)decap-cms\.js$|\.wasm$/.test(name);

/**
 * The content editor at /admin/content/: serves Decap's files (dev server and
 * build output) and, under `npm start` only, the local file API it saves through.
 */
export default function contentEditor(): AstroIntegration {
  return {
    name: 'vuelve-content-editor',
    hooks: {
      'astro:config:setup': ({ command, injectRoute, updateConfig }) => {
        if (command === 'dev') injectRoute({ pattern: localApiPath, entrypoint: fileURLToPath(new URL('./local-api.ts', import.meta.url)), prerender: false });
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'vuelve-decap-files',
                configureServer(server) {
                  server.middlewares.use(decapBase, (req, res, next) => {
                    const name = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
                    if (!shipped(name) || name.includes('/')) return next();
                    // The headers every file gets on Netlify (dist/_headers): Vite's `server.headers` reach only what Vite serves itself.
                    for (const [header, value] of Object.entries(securityHeaders(decapBase))) res.setHeader(header, value);
                    res.setHeader('content-type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8');
                    createReadStream(join(decapDist(), name)).on('error', () => next()).pipe(res);
                  });
                },
              },
            ],
          },
        });
      },
      'astro:build:done': async ({ dir }) => {
        const target = fileURLToPath(new URL(`.${decapBase}`, dir));
        await mkdir(target, { recursive: true });
        const files = (await readdir(decapDist())).filter(shipped);
        await Promise.all(files.map((name) => copyFile(join(decapDist(), name), join(target, name))));
      },
    },
  };
}
