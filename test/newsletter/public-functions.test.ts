import { beforeAll, describe, expect, test } from 'vitest';
import { readOutbox, useTempApp } from '../support/temp.ts';

type Handler = import('../../src/http/respond.ts').Handler;
let dataDir: string;
let subscribeFn: Handler;
let confirmFn: Handler;
let unsubscribeFn: Handler;
let subscriberOf: typeof import('../../src/newsletter/queries.ts').subscriberOf;
let app: typeof import('../../src/app.ts').app;

beforeAll(async () => {
  dataDir = await useTempApp({ SESSION_SECRET: 'test-secret' });
  subscribeFn = (await import('../../netlify/functions/newsletter-subscribe.mts')).default;
  confirmFn = (await import('../../netlify/functions/newsletter-confirm.mts')).default;
  unsubscribeFn = (await import('../../netlify/functions/newsletter-unsubscribe.mts')).default;
  ({ subscriberOf } = await import('../../src/newsletter/queries.ts'));
  ({ app } = await import('../../src/app.ts'));
});

const base = 'http://localhost:4321';
let ip = 0;
const form = (fields: Record<string, string>, client = `10.0.0.${++ip}`) =>
  subscribeFn(new Request(`${base}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-nf-client-connection-ip': client }, body: new URLSearchParams(fields) }));
const json = (body: unknown) =>
  subscribeFn(new Request(`${base}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-nf-client-connection-ip': `10.1.0.${++ip}` }, body: JSON.stringify(body) }));
const mailsTo = async (email: string) => (await readOutbox(dataDir)).filter((m) => m.headers.to === email);
const subscriber = (email: string) => subscriberOf(app().db, email);
const linkIn = (text: string, path: string) => new RegExp(`http://localhost:4321${path.replace('?', '\\?')}[^\\s)]+`).exec(text)?.[0];
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('POST /api/subscribe', () => {
  test('a form post normalises the address, stores it pending, emails a confirmation link and shows "check your inbox"', async () => {
    const response = await form({ email: '  Lucia@Example.COM ', lang: 'es', source: 'footer' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/es/newsletter/check-your-inbox/');
    expect(await subscriber('lucia@example.com')).toMatchObject({ status: 'pending', locale: 'es', source: 'footer' });
    const [mail] = await mailsTo('lucia@example.com');
    expect(mail?.headers.subject).toBe('Confirme su suscripción a Brasa Coffee Roasters');
    expect(linkIn(mail!.text, '/api/confirm?token=')).toBeTruthy();
    expect(mail!.html).toContain('href="http://localhost:4321/api/confirm?token=');
  });

  test('answers exactly the same for an address that is already confirmed, and sends it nothing', async () => {
    await form({ email: 'known@example.com', lang: 'en' });
    const link = linkIn((await mailsTo('known@example.com'))[0]!.text, '/api/confirm?token=')!;
    await confirmFn(new Request(link));
    const before = (await mailsTo('known@example.com')).length;
    const again = await form({ email: 'known@example.com', lang: 'en' });
    const stranger = await form({ email: 'new@example.com', lang: 'en' });
    expect([again.status, again.headers.get('location')]).toEqual([stranger.status, stranger.headers.get('location')]);
    expect(await again.text()).toBe(await stranger.text());
    expect((await mailsTo('known@example.com')).length).toBe(before);
  });

  test('JSON gets 202 {ok}; an invalid address gets a 400 naming the field (JSON) or a page saying so (form)', async () => {
    expect((await json({ email: 'api@example.com', lang: 'en' })).status).toBe(202);
    const bad = await json({ email: 'not-an-address', lang: 'en' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fields: { email: [expect.stringContaining('valid email')] } });
    const page = await form({ email: 'nope@', lang: 'es' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Escriba una dirección de correo válida');
    expect(await subscriber('nope@')).toBeUndefined();
  });

  test('without script, a mistyped address gets the sign-up form back: in the visitor\'s language, the message in both, the address kept', async () => {
    const page = await form({ email: 'ana@example', lang: 'es', source: 'footer' });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('<html lang="es">');
    expect(html).not.toMatch(/email:/);
    expect(html).toContain('Escriba una dirección de correo válida');
    expect(html).toMatch(/<p lang="en">[^<]*valid email/);
    expect(html).toContain('<form method="post" action="/api/subscribe">');
    expect(html).toContain('value="ana@example"');
    expect(html).toContain('<input type="hidden" name="source" value="footer">');
  });

  test('at most 20 sign-ups an hour from one client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await form({ email: `flood${i}@example.com`, lang: 'en' }, '10.9.9.9')).status);
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe('GET /api/confirm', () => {
  test('one GET confirms, shows the welcome page and sends one welcome email with an unsubscribe link', async () => {
    await form({ email: 'ana@example.com', lang: 'en' });
    const link = linkIn((await mailsTo('ana@example.com'))[0]!.text, '/api/confirm?token=')!;
    const response = await confirmFn(new Request(link));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/en/newsletter/welcome/');
    expect(await subscriber('ana@example.com')).toMatchObject({ status: 'confirmed', confirmed_at: expect.any(Date) });
    expect((await confirmFn(new Request(link))).headers.get('location')).toBe('/en/newsletter/welcome/');
    const welcome = (await mailsTo('ana@example.com')).filter((m) => m.headers.subject === 'Welcome to the Brasa Coffee Roasters newsletter');
    expect(welcome).toHaveLength(1);
    expect(linkIn(welcome[0]!.text, '/api/unsubscribe?token=')).toBeTruthy();
  });

  test('a forged or cut token shows a "link no longer works" page and changes nothing', async () => {
    const response = await confirmFn(new Request(`${base}/api/confirm?token=eyJlIjoieEB5LnoifQ.forged`));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This link no longer works');
  });
});

describe('unsubscribing', () => {
  test('GET shows a confirm page and changes nothing; the one-click POST (RFC 8058) unsubscribes at once', async () => {
    await form({ email: 'bo@example.com', lang: 'en' });
    await confirmFn(new Request(linkIn((await mailsTo('bo@example.com'))[0]!.text, '/api/confirm?token=')!));
    const welcome = (await mailsTo('bo@example.com')).find((m) => m.headers.subject?.startsWith('Welcome'))!;
    const link = linkIn(welcome.text, '/api/unsubscribe?token=')!;
    // A browser goes on to the page in the shop's layout (src/pages/[lang]/newsletter/unsubscribe.astro), with the token.
    const page = await unsubscribeFn(new Request(link));
    expect(page.status).toBe(303);
    const next = new URL(page.headers.get('location')!, base);
    expect(next.pathname).toBe('/en/newsletter/unsubscribe/');
    expect(next.searchParams.get('token')).toBe(new URL(link).searchParams.get('token'));
    expect((await subscriber('bo@example.com'))?.status).toBe('confirmed');
    const oneClick = await unsubscribeFn(new Request(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }));
    expect(oneClick.status).toBe(303);
    expect(oneClick.headers.get('location')).toBe('/en/newsletter/unsubscribed/');
    expect(await subscriber('bo@example.com')).toMatchObject({ status: 'unsubscribed', unsubscribed_at: expect.any(Date) });
  });

  test('an old confirmation link never re-subscribes an unsubscribed address; a new sign-up does', async () => {
    await form({ email: 'cy@example.com', lang: 'en' });
    const oldLink = linkIn((await mailsTo('cy@example.com'))[0]!.text, '/api/confirm?token=')!;
    await confirmFn(new Request(oldLink));
    const unsubscribeLink = linkIn((await mailsTo('cy@example.com')).find((m) => m.headers.subject?.startsWith('Welcome'))!.text, '/api/unsubscribe?token=')!;
    await tick();
    await unsubscribeFn(new Request(unsubscribeLink, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    const refused = await confirmFn(new Request(oldLink));
    expect(refused.status).toBe(410);
    expect((await subscriber('cy@example.com'))?.status).toBe('unsubscribed');
    await tick();
    await form({ email: 'cy@example.com', lang: 'en' });
    expect((await confirmFn(new Request(oldLink))).status).toBe(410);
    expect(await subscriber('cy@example.com')).toMatchObject({ status: 'pending', unsubscribed_at: expect.any(Date), confirmed_at: null });
    const mails = await mailsTo('cy@example.com');
    const newLink = linkIn(mails.filter((m) => m.headers.subject?.startsWith('Please confirm')).at(-1)!.text, '/api/confirm?token=')!;
    expect((await confirmFn(new Request(newLink))).status).toBe(303);
    expect((await subscriber('cy@example.com'))?.status).toBe('confirmed');
  });

  test('a POST without a valid token is refused', async () => {
    const response = await unsubscribeFn(new Request(`${base}/api/unsubscribe?token=bad.token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }));
    expect(response.status).toBe(400);
  });
});

describe('the scheduled functions', () => {
  test.each(['newsletter-send.mts', 'birthday-greetings.mts', 'win-back.mts'])('%s has a cron schedule, no path, and runs on an empty body (as astro dev invokes it)', async (file) => {
    const mod = (await import(`../../netlify/functions/${file}`)) as { default: Handler; config: { schedule?: string; path?: string } };
    expect(mod.config.path).toBeUndefined();
    expect(mod.config.schedule).toMatch(/^(\S+ ){4}\S+$/);
    const response = await mod.default(new Request(`${base}/.netlify/functions/${file.replace('.mts', '')}`, { method: 'POST' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expect.any(Object));
  });
});
