import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { app } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { cardCode } from '../../src/loyalty/card.ts';
import { cardHistory, cardRegistration, listBatches } from '../../src/loyalty/queries.ts';
import { subscriberOf } from '../../src/newsletter/queries.ts';
import { logIn, type Role } from '../../src/sessions/sessions.ts';
import { rowCounts } from '../support/db.ts';
import { readOutbox, useTempApp } from '../support/temp.ts';

type Handler = (request: Request) => Promise<Response>;
let dataDir: string;
let clockFile: string;
let offset = 0;
const fn: Record<string, Handler> = {};
const cookies: Partial<Record<Role, string>> = {};
const origin = 'http://localhost:4321';
const programme = readProgramme();
const SECRET = 'functions-card-secret';

beforeAll(async () => {
  dataDir = await useTempApp({ CARD_SECRET: SECRET });
  clockFile = join(dataDir, 'clock');
  await writeFile(clockFile, '0');
  process.env.TEST_CLOCK_FILE = clockFile;
  for (const name of ['stamps', 'redeem', 'staff-login', 'staff-logout', 'card-register', 'card-registration-confirm', 'card-batches']) {
    fn[name] = ((await import(`../../netlify/functions/${name}.mts`)) as { default: Handler }).default;
  }
});

// Sessions expire and the tests move the clock: sign in afresh for each test.
beforeEach(async () => {
  for (const [role, secret] of [['staff', '123456'], ['admin', 'admin']] as const) {
    const result = await logIn(app(), role, nextIp(), secret);
    if (!result.ok) throw new Error(`could not sign in as ${role}`);
    cookies[role] = result.setCookie.split(';')[0]!;
  }
});

// Each request from its own address, so that sign-in attempts never reach the rate limit.
let ips = 0;
const nextIp = () => `203.0.${Math.floor(++ips / 250)}.${ips % 250}`;

/** Moves the app's clock on (the functions read TEST_CLOCK_FILE on every call). */
async function advance(ms: number): Promise<void> {
  offset += ms;
  await writeFile(clockFile, String(offset));
}

function post(path: string, body: Record<string, unknown>, options: { as?: Role; form?: boolean } = {}): Request {
  const headers: Record<string, string> = { 'x-nf-client-connection-ip': nextIp() };
  if (options.as) headers.cookie = cookies[options.as]!;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return new Request(`${origin}${path}`, { method: 'POST', headers, body: new URLSearchParams(body as Record<string, string>) });
  }
  headers['content-type'] = 'application/json';
  return new Request(`${origin}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

let cards = 0;
/** A genuine code for a card no other test touches. */
const freshCode = () => cardCode(SECRET, `CARD${String(cards++).padStart(4, '0')}`);

describe('POST /api/stamps', () => {
  test('without a staff session: 401 and nothing stored, as JSON or as a form', async () => {
    const code = freshCode();
    const before = await rowCounts(app().db);
    const json = await fn.stamps!(post('/api/stamps', { code, key: 'no-session-1' }));
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({ error: expect.stringContaining('Staff sign-in') });
    const form = await fn.stamps!(post('/api/stamps', { code, key: 'no-session-2' }, { form: true }));
    expect(form.status).toBe(401);
    expect(await form.text()).toContain(`/staff/?next=%2Fc%2F${code}`);
    expect(await rowCounts(app().db)).toEqual(before);
  });

  test('a staff member stamps a card; a repeated key (double tap) adds one stamp', async () => {
    const code = freshCode();
    const first = await fn.stamps!(post('/api/stamps', { code, key: 'double-tap-9' }, { as: 'staff' }));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, repeated: false, balance: { stamps: 1 } });
    const again = await fn.stamps!(post('/api/stamps', { code, key: 'double-tap-9' }, { as: 'staff' }));
    expect(await again.json()).toMatchObject({ ok: true, repeated: true, balance: { stamps: 1 } });
    expect(await cardHistory(app().db, code.slice(0, 8))).toHaveLength(1);
  });

  test('a form post answers 303 back to the card, in the form\'s language, with what happened', async () => {
    const code = freshCode();
    const stamped = await fn.stamps!(post('/api/stamps', { code, key: 'form-key-1', lang: 'es' }, { as: 'staff', form: true }));
    expect(stamped.status).toBe(303);
    expect(stamped.headers.get('location')).toBe(`/c/${code}?lang=es&notice=stamped`);
    const tooSoon = await fn.stamps!(post('/api/stamps', { code, key: 'form-key-2', lang: 'es' }, { as: 'staff', form: true }));
    expect(tooSoon.headers.get('location')).toBe(`/c/${code}?lang=es&notice=too-soon`);
  });

  test('the limits answer 409 with the reason and when to retry', async () => {
    const code = freshCode();
    await fn.stamps!(post('/api/stamps', { code, key: 'limit-key-1' }, { as: 'staff' }));
    const refused = await fn.stamps!(post('/api/stamps', { code, key: 'limit-key-2' }, { as: 'staff' }));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ reason: 'too-soon', retryAt: expect.any(String), balance: { stamps: 1 } });
  });

  test('a forged code answers 404 and stores nothing', async () => {
    const before = await rowCounts(app().db);
    for (const code of [cardCode('another-secret', 'CARDFAKE'), `${freshCode().slice(0, -2)}xx`]) {
      const response = await fn.stamps!(post('/api/stamps', { code, key: 'forged-key-1' }, { as: 'staff' }));
      expect(response.status).toBe(404);
    }
    expect(await rowCounts(app().db)).toEqual(before);
  });
});

describe('POST /api/redeem', () => {
  test('two concurrent redeems of one reward: exactly one succeeds', async () => {
    const code = freshCode();
    for (let i = 0; i < programme.stampsPerReward; i++) {
      expect((await fn.stamps!(post('/api/stamps', { code, key: `reward-stamp-${i}` }, { as: 'staff' }))).status).toBe(200);
      await advance(24 * 3_600_000);
    }
    const answers = await Promise.all([
      fn.redeem!(post('/api/redeem', { code, key: 'phone-a-redeem' }, { as: 'staff' })),
      fn.redeem!(post('/api/redeem', { code, key: 'phone-b-redeem' }, { as: 'staff' })),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(await refused.json()).toMatchObject({ reason: 'no-reward' });
    expect((await cardHistory(app().db, code.slice(0, 8))).filter((e) => e.type === 'redeem')).toHaveLength(1);
  });

  test('requires a staff session', async () => {
    const response = await fn.redeem!(post('/api/redeem', { code: freshCode(), key: 'no-session-r' }));
    expect(response.status).toBe(401);
  });
});

describe('POST /api/cards/:code/register', () => {
  const details = { name: 'Lucía Pérez', email: 'lucia@example.com', birthdayDay: '14', birthdayMonth: '2', language: 'es', newsletter: 'yes', lang: 'es' };

  test('stores the registration and answers 303 back to the card', async () => {
    const code = freshCode();
    const response = await fn['card-register']!(post(`/api/cards/${code}/register`, details, { form: true }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/c/${code}?lang=es&notice=registered`);
    expect(await cardRegistration(app().db, code.slice(0, 8))).toMatchObject({ name: 'Lucía Pérez', email: 'lucia@example.com', birthday: { day: 14, month: 2 }, language: 'es', newsletter: true });
  });

  test('the ticked newsletter box signs the customer up: pending, with a confirmation email in the card\'s language', async () => {
    const code = freshCode();
    const email = `card-${code.slice(0, 8).toLowerCase()}@example.com`;
    await fn['card-register']!(post(`/api/cards/${code}/register`, { ...details, email, language: 'es', lang: 'en' }, { form: true }));
    expect(await subscriberOf(app().db, email)).toMatchObject({ status: 'pending', locale: 'es', source: 'card' });
    const [confirmation, ...more] = (await readOutbox(dataDir)).filter((message) => message.headers.to === email);
    expect(more).toEqual([]);
    expect(confirmation!.headers.subject).toMatch(/^Confirme su suscripción/);
    expect(confirmation!.text).toContain('/api/confirm?token=');
    expect(confirmation!.text).toMatch(/suscripción|boletín/i);

    const unticked = `unticked-${code.slice(0, 8).toLowerCase()}@example.com`;
    const { newsletter: _n, ...withoutBox } = details;
    await fn['card-register']!(post(`/api/cards/${freshCode()}/register`, { ...withoutBox, email: unticked }, { form: true }));
    expect(await subscriberOf(app().db, unticked)).toBeUndefined();
  });

  test('an unticked newsletter box and no birthday are fine; half a birthday or 31 February is not', async () => {
    const code = freshCode();
    const { birthdayDay: _d, birthdayMonth: _m, newsletter: _n, ...plain } = details;
    expect((await fn['card-register']!(post(`/api/cards/${code}/register`, { ...plain, birthdayDay: '', birthdayMonth: '' }, { form: true }))).status).toBe(303);
    expect(await cardRegistration(app().db, code.slice(0, 8))).toMatchObject({ birthday: null, newsletter: false });
    const half = await fn['card-register']!(post(`/api/cards/${code}/register`, { ...details, birthdayMonth: '' }));
    expect(half.status).toBe(400);
    expect(await half.json()).toMatchObject({ fields: { birthday: [expect.stringContaining('día')] } });
    expect((await fn['card-register']!(post(`/api/cards/${code}/register`, { ...details, birthdayDay: '31' }))).status).toBe(400);
  });

  test('a forged code answers 404 and stores nothing', async () => {
    const before = await rowCounts(app().db);
    const response = await fn['card-register']!(post(`/api/cards/${cardCode('another-secret', 'CARDFAKE')}/register`, details));
    expect(response.status).toBe(404);
    expect(await rowCounts(app().db)).toEqual(before);
  });
});

describe("changing a registered card's details (issue 24: the code is printed on the card)", () => {
  const lucia = { name: 'Lucía Pérez', email: 'lucia@example.com', language: 'es', lang: 'es' };
  const mallory = { name: 'Mallory', email: 'mallory@example.com', language: 'en', lang: 'en' };

  /** A fresh card registered to `email`, and the path of its registration. */
  async function registered(email: string) {
    const code = freshCode();
    const path = `/api/cards/${code}/register`;
    expect((await fn['card-register']!(post(path, { ...lucia, email }, { form: true }))).headers.get('location')).toBe(`/c/${code}?lang=es&notice=registered`);
    return { code, path, card: code.slice(0, 8) };
  }
  /** The emails to `to`, oldest first. */
  const mailTo = async (to: string) => (await readOutbox(dataDir)).filter((message) => message.headers.to === to);
  const confirmation = async (to: string) => {
    const link = /(\/api\/cards\/registration\/confirm\?token=[\w-]+&lang=\w+)/.exec((await mailTo(to)).at(-1)?.text ?? '')?.[1];
    if (!link) throw new Error(`no confirmation link to ${to}`);
    return { link, token: new URL(link, origin).searchParams.get('token')! };
  };

  test("a card's email cannot be changed with its code alone: the registered address is asked to confirm", async () => {
    const { code, path, card } = await registered('lucia-1@example.com');
    const form = await fn['card-register']!(post(path, mallory, { form: true }));
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`/c/${code}?lang=en&notice=confirm-sent`);
    const json = await fn['card-register']!(post(path, { ...mallory, name: 'Mallory J' }));
    expect(json.status).toBe(202);
    expect(await json.json()).toEqual({ ok: true, outcome: 'confirm-sent' });
    expect(await cardRegistration(app().db, card)).toMatchObject({ name: 'Lucía Pérez', email: 'lucia-1@example.com', language: 'es' });
    expect((await mailTo('lucia-1@example.com')).map((message) => message.headers.subject)).toEqual([
      `Confirme los nuevos datos de su tarjeta ${card.slice(0, 4)} ${card.slice(4)}`,
      `Confirme los nuevos datos de su tarjeta ${card.slice(0, 4)} ${card.slice(4)}`,
    ]);
    expect(await mailTo('mallory@example.com')).toEqual([]);
  });

  test('the link shows the new details (a GET changes nothing); its button applies them once, goes to the card, and the old address is told', async () => {
    const { code, path, card } = await registered('lucia-2@example.com');
    await fn['card-register']!(post(path, mallory, { form: true }));
    const { link, token } = await confirmation('lucia-2@example.com');
    const page = await fn['card-registration-confirm']!(new Request(`${origin}${link}`));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Confirme los nuevos datos de la tarjeta');
    expect(html).toContain('mallory@example.com');
    expect((await cardRegistration(app().db, card))?.email).toBe('lucia-2@example.com');

    const confirmed = await fn['card-registration-confirm']!(post('/api/cards/registration/confirm', { token, lang: 'es' }, { form: true }));
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`/c/${code}?lang=es&notice=changed`);
    expect(await cardRegistration(app().db, card)).toMatchObject({ name: 'Mallory', email: 'mallory@example.com', language: 'en' });
    expect((await mailTo('lucia-2@example.com')).at(-1)?.headers.subject).toBe(`Los datos de su tarjeta ${card.slice(0, 4)} ${card.slice(4)} han cambiado`);

    const again = await fn['card-registration-confirm']!(post('/api/cards/registration/confirm', { token, lang: 'es' }, { form: true }));
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('Este enlace ya no sirve');
  });

  test('an expired link shows a clear page and changes nothing', async () => {
    const { path, card } = await registered('lucia-3@example.com');
    await fn['card-register']!(post(path, mallory, { form: true }));
    const { link, token } = await confirmation('lucia-3@example.com');
    await advance(25 * 3_600_000);
    const page = await fn['card-registration-confirm']!(new Request(`${origin}${link}`));
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Ha caducado o ya se usó');
    expect((await fn['card-registration-confirm']!(post('/api/cards/registration/confirm', { token }, { form: true }))).status).toBe(410);
    expect((await cardRegistration(app().db, card))?.email).toBe('lucia-3@example.com');
  });

  test('with a staff session the change applies at once, and the old address is told', async () => {
    const { code, path, card } = await registered('lucia-4@example.com');
    const response = await fn['card-register']!(post(path, { ...lucia, email: 'lucia-new@example.com' }, { as: 'staff', form: true }));
    expect(response.headers.get('location')).toBe(`/c/${code}?lang=es&notice=changed`);
    expect((await cardRegistration(app().db, card))?.email).toBe('lucia-new@example.com');
    expect((await mailTo('lucia-4@example.com')).map((message) => message.headers.subject)).toEqual([`Los datos de su tarjeta ${card.slice(0, 4)} ${card.slice(4)} han cambiado`]);
  });
});

describe('POST /api/cards/batches', () => {
  test('only the owner creates a batch', async () => {
    const before = await rowCounts(app().db);
    expect((await fn['card-batches']!(post('/api/cards/batches', { count: 10 }))).status).toBe(401);
    expect((await fn['card-batches']!(post('/api/cards/batches', { count: 10 }, { as: 'staff' }))).status).toBe(401);
    expect(await rowCounts(app().db)).toEqual(before);
  });

  test('the owner gets the codes and URLs as JSON, or is sent on to the print page from a form', async () => {
    const response = await fn['card-batches']!(post('/api/cards/batches', { count: 3 }, { as: 'admin' }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { batch: { id: string }; codes: string[]; urls: string[] };
    expect(body.codes).toHaveLength(3);
    expect(body.urls[0]).toBe(`http://localhost:4321/c/${body.codes[0]}`);
    const form = await fn['card-batches']!(post('/api/cards/batches', { count: '20', paper: 'letter', lang: 'es' }, { as: 'admin', form: true }));
    expect(form.status).toBe(303);
    const batches = await listBatches(app().db);
    expect(form.headers.get('location')).toBe(`/admin/cards/print/?batch=${batches.at(-1)!.id}&paper=letter&lang=es`);
    expect(batches.map((b) => b.count)).toEqual([3, 20]);
  });
});
