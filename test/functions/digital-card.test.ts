import { beforeAll, describe, expect, test } from 'vitest';
import { app } from '../../src/app.ts';
import { verifyCardCode } from '../../src/loyalty/card.ts';
import { signupLimit } from '../../src/loyalty/digital-card.ts';
import { rowCounts } from '../support/db.ts';
import { useTempApp } from '../support/temp.ts';

/** The cards started on a phone, as stored. */
const digitalCards = async () => app().db.query(`SELECT id, origin, locale FROM cards WHERE origin = 'digital'`);

type Handler = (request: Request) => Promise<Response>;
const SECRET = 'digital-card-secret';
const origin = 'http://localhost:4321';
let signUp: Handler;
let manifest: Handler;

beforeAll(async () => {
  await useTempApp({ CARD_SECRET: SECRET });
  signUp = ((await import('../../netlify/functions/card-new.mts')) as { default: Handler }).default;
  manifest = ((await import('../../netlify/functions/card-manifest.mts')) as { default: Handler }).default;
});

function post(fields: Record<string, string>, options: { ip: string; json?: boolean }): Request {
  const headers = { 'x-nf-client-connection-ip': options.ip, 'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded' };
  const body = options.json ? JSON.stringify(fields) : new URLSearchParams(fields);
  return new Request(`${origin}/api/cards/new`, { method: 'POST', headers, body });
}

describe('POST /api/cards/new (digital sign-up)', () => {
  test('a form post creates a genuine digital card and answers 303 to its page', async () => {
    const response = await signUp(post({ lang: 'es', website: '' }, { ip: '198.51.100.1' }));
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    const [, code] = /^\/c\/([^?]+)\?lang=es&notice=created$/.exec(location) ?? [];
    const cardId = verifyCardCode(SECRET, code!);
    expect(cardId).not.toBeNull();
    expect(await digitalCards()).toContainEqual({ id: cardId, origin: 'digital', locale: 'es' });
  });

  test('JSON gets 201 with the code and its absolute URL; two sign-ups get two different cards', async () => {
    const answers = await Promise.all([1, 2].map(() => signUp(post({ lang: 'en' }, { ip: '198.51.100.2', json: true }))));
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { code: string; url: string }[];
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(bodies[0]!.url).toBe(`${origin}/c/${bodies[0]!.code}`);
    expect(bodies[0]!.code).not.toBe(bodies[1]!.code);
  });

  test(`a flood from one address is refused after ${signupLimit.max} cards, with Retry-After, and stores no more cards`, async () => {
    const ip = '198.51.100.3';
    for (let i = 0; i < signupLimit.max; i++) expect((await signUp(post({ lang: 'en' }, { ip, json: true }))).status).toBe(201);
    const cards = (await digitalCards()).length;
    const json = await signUp(post({ lang: 'en' }, { ip, json: true }));
    expect(json.status).toBe(429);
    expect(Number(json.headers.get('retry-after'))).toBeGreaterThan(0);
    const form = await signUp(post({ lang: 'es' }, { ip }));
    expect(form.status).toBe(429);
    expect(await form.text()).toContain('Espere unos minutos');
    expect((await digitalCards()).length).toBe(cards);
    // Another address is not affected.
    expect((await signUp(post({ lang: 'en' }, { ip: '198.51.100.4', json: true }))).status).toBe(201);
  });

  test('a filled honeypot or an unknown language is refused and stores nothing', async () => {
    const before = await rowCounts(app().db);
    expect((await signUp(post({ lang: 'en', website: 'http://spam.example' }, { ip: '198.51.100.5' }))).status).toBe(400);
    expect((await signUp(post({ lang: 'fr' }, { ip: '198.51.100.5', json: true }))).status).toBe(400);
    expect(await rowCounts(app().db)).toEqual(before);
  });
});

describe('GET /api/cards/:code/manifest', () => {
  test("a card's manifest opens that card, in the page's language, full screen", async () => {
    const { code } = (await (await signUp(post({ lang: 'es' }, { ip: '198.51.100.6', json: true }))).json()) as { code: string };
    const response = await manifest(new Request(`${origin}/api/cards/${code}/manifest?lang=es`));
    expect(response.headers.get('content-type')).toBe('application/manifest+json');
    expect(await response.json()).toMatchObject({ start_url: `/c/${code}?lang=es`, scope: `/c/${code}`, display: 'standalone', lang: 'es', name: 'Tarjeta de sellos Brasa' });
  });

  test('a forged code gets 404', async () => {
    expect((await manifest(new Request(`${origin}/api/cards/ABCDEFGH0123456789/manifest`))).status).toBe(404);
  });
});
