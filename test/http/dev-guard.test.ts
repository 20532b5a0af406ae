import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { verdict, type GuardContext } from '../../src/http/dev-guard.ts';
import { tempDir } from '../support/temp.ts';

/** The project itself as the dev server's root; the module graph has exactly `imported`. */
const root = resolve('.');
const imported = new Set(['/src/domain/survey.ts', '/content/i18n/en/admin.json?import']);
const context: GuardContext = {
  root,
  publicDir: resolve('public'),
  scheduled: async () => new Set(['win-back', 'newsletter-send']),
  imported: async (url) => imported.has(url),
};
const status = async (url: string) => (await verdict(url, context))?.status ?? 'next';

describe('the dev server guard (src/http/dev-guard.ts)', () => {
  test.each([
    '/', '/en/', '/es/survey/feedback/?at=counter', '/c/ABC/', '/api/health', '/admin/content/api/v1', '/_image?href=%2F%40fs%2Fx.jpg&w=10',
    '/favicon.svg', '/icons/card-192.png', '/cms/decap/decap-cms.js', '/pagefind/pagefind.js',
    '/@vite/client', '/@id/astro:scripts/before-hydration.js', '/@id/__x00__virtual:x',
    '/node_modules/.vite/deps/preact.js?v=1', '/node_modules/@astrojs/preact/dist/client-dev.js',
    '/src/components/islands/SurveyEnhancer.tsx', '/src/pages/[lang]/search/index.astro?astro&type=script&index=0&lang.ts',
    '/src/components/NewsletterSignup.astro?astro&type=style&index=0&lang.css', '/src/styles/site.css', '/src/styles/site.css?url',
    `/@fs${root}/src/assets/products/house-blend.jpg?origWidth=1200`, '/src/domain/survey.ts',
    '/content/i18n/en/admin.json?import', '/.netlify/functions/health', '/admin/feedback/?q=%', '/pagefind/x?q=%',
  ])('%s: let through', async (url) => {
    expect(await status(url)).toBe('next');
  });

  test.each([
    '/package.json', '/package', '/Package.JSON', '/package-lock.json', '/astro.config', '/tsconfig.json', '/README.md', '/.netlify/state.json', '/.netlify/db/PG_VERSION',
    '/src/app.ts', '/src/app', '/src/app.ts?raw', '/src/%61pp.ts', '/src/domain/survey.ts?raw', '/src/domain/survey.ts?%72aw',
    '/src/services/sessions.ts?url', '/src/domain/signing.ts?inline', '/src/components/islands/SurveyEnhancer.tsx?raw',
    '/src/pages/admin/index.astro', '/src/pages/admin/index.astro?astro&type=style&index=0&lang.css&raw', '/src/pages/admin/index.astro?astro&type=frontmatter',
    '/@id/src/app.ts', `/@id/${root}/src/app.ts`, `/@fs${root}/package.json`, `/@fs${root}/src/app.ts?raw`,
    '/netlify/functions/health.mts', '/scripts/cards.ts', '/test/e2e/setup/server.ts', '/content/site/site.yaml', '/content/site/site.yaml?raw', '/patches/', '/src/',
    '/icons/..%2F..%2Fpackage.json', '/src/domain/survey.ts?x=%',
  ])('%s: 404', async (url) => {
    expect(await status(url)).toBe(404);
  });

  test.each(['/.netlify/functions/win-back', '/.netlify/functions/win-back/x?y=1', '/.netlify/builders/newsletter-send', '/_netlify/functions/win-back', '/.netlify/functions/win%2Dback'])('%s: a scheduled function, 404', async (url) => {
    expect(await status(url)).toBe(404);
  });

  test('a file where the emulator has its function addresses is still a file of the project', async () => {
    const project = await tempDir('vuelve-guard-');
    await mkdir(join(project, '.netlify/functions'), { recursive: true });
    await writeFile(join(project, '.netlify/functions/manifest.json'), '{}');
    const there = { ...context, root: project, publicDir: join(project, 'public') };
    expect(await verdict('/.netlify/functions/manifest.json', there)).toMatchObject({ status: 404 });
    expect(await verdict('/.netlify/functions/health', there)).toBeUndefined();
  });

  test.each(['/%E0%A4%A', '/api/wallet/apple/v1/passes/x/%E0%A4%A', '/c/%/'])('%s: 400 naming the path', async (url) => {
    expect(await verdict(url, context)).toEqual({ status: 400, error: expect.any(String), fields: { path: [expect.any(String)] } });
  });
});
