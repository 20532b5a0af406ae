import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTempApp } from '../support/temp.ts';

type Handler = (request: Request, context: unknown) => Promise<Response>;
let handler: Handler;
let cookie: string;

// The built on-demand pages (`astro build`; in the deploy project, which runs before `astro dev` empties the output), on a database holding 30 used cards.
beforeAll(async () => {
  await useTempApp({ ADMIN_PASSWORD: 'loyalty page password', SESSION_SECRET: 'loyalty-page-secret', CARD_SECRET: 'loyalty-page-card-secret' });
  const { app } = await import('../../src/app.ts');
  const { readProgramme } = await import('../../src/catalog/loyalty.ts');
  const { cardCode, cardIdFromBytes } = await import('../../src/loyalty/card.ts');
  const { stampCard } = await import('../../src/loyalty/stamp-and-redeem.ts');
  const { logIn } = await import('../../src/services/sessions.ts');
  for (let i = 0; i < 30; i++) {
    const card = cardIdFromBytes(Buffer.from(`P${String(i).padStart(7, '0')}`));
    await stampCard(app(), readProgramme(), { code: cardCode('loyalty-page-card-secret', card), key: `page-test-${i}` });
  }
  const login = await logIn(app(), 'admin', 'loyalty-page-test', 'loyalty page password');
  if (!login.ok) throw new Error(login.reason);
  cookie = login.setCookie.split(';')[0]!;
  handler = ((await import(pathToFileURL(resolve('.netlify/v1/functions/ssr/ssr.mjs')).href)) as { default: Handler }).default;
}, 120_000);

const view = async (path: string) => (await handler(new Request(`http://localhost${path}`, { headers: { cookie, 'accept-language': 'en' } }), { ip: '127.0.0.1', params: {} })).text();
const rows = (html: string) => (html.match(/href="\/admin\/loyalty\/\?card=/g) ?? []).length;

describe('/admin/loyalty/ lists the cards a page at a time', () => {
  test('25 cards on the first page, the most recently used first, with the count and a link to the next page', async () => {
    const html = await view('/admin/loyalty/');
    expect(html).toContain('Cards 1–25 of 30, most recently used first.');
    expect(rows(html)).toBe(25);
    expect(html).toMatch(/href="\/admin\/loyalty\/\?page=2#cards"/);
  });

  test('the second page holds the rest', async () => {
    const html = await view('/admin/loyalty/?page=2');
    expect(html).toContain('Cards 26–30 of 30');
    expect(rows(html)).toBe(5);
  });
});
