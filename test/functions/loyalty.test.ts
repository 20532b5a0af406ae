import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { app } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { cardCode } from '../../src/domain/card.ts';
import { cardHistory, listBatches, listRegistrations } from '../../src/services/cards.ts';
import { allSubscribers } from '../../src/services/newsletter-store.ts';
import { logIn, type Role } from '../../src/services/sessions.ts';
import { readOutbox, snapshotFiles, useTempApp } from '../support/temp.ts';

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
  for (const name of ['stamps', 'redeem', 'card-register', 'card-batches']) {
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
    const before = await snapshotFiles(dataDir);
    const json = await fn.stamps!(post('/api/stamps', { code, key: 'no-session-1' }));
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({ error: expect.stringContaining('Staff sign-in') });
    const form = await fn.stamps!(post('/api/stamps', { code, key: 'no-session-2' }, { form: true }));
    expect(form.status).toBe(401);
    expect(await form.text()).toContain(`/staff/?next=%2Fc%2F${code}`);
    expect(await snapshotFiles(dataDir)).toEqual(before);
  });

  test('a staff member stamps a card; a repeated key (double tap) adds one stamp', async () => {
    const code = freshCode();
    const first = await fn.stamps!(post('/api/stamps', { code, key: 'double-tap-9' }, { as: 'staff' }));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, repeated: false, balance: { stamps: 1 } });
    const again = await fn.stamps!(post('/api/stamps', { code, key: 'double-tap-9' }, { as: 'staff' }));
    expect(await again.json()).toMatchObject({ ok: true, repeated: true, balance: { stamps: 1 } });
    expect(await cardHistory(app(), code.slice(0, 8))).toHaveLength(1);
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
    const before = await snapshotFiles(dataDir);
    for (const code of [cardCode('another-secret', 'CARDFAKE'), `${freshCode().slice(0, -2)}xx`]) {
      const response = await fn.stamps!(post('/api/stamps', { code, key: 'forged-key-1' }, { as: 'staff' }));
      expect(response.status).toBe(404);
    }
    expect(await snapshotFiles(dataDir)).toEqual(before);
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
    expect((await cardHistory(app(), code.slice(0, 8))).filter((e) => e.type === 'redeem')).toHaveLength(1);
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
    expect(await listRegistrations(app())).toContainEqual(
      expect.objectContaining({ card: code.slice(0, 8), name: 'Lucía Pérez', email: 'lucia@example.com', birthday: { day: 14, month: 2 }, language: 'es', newsletter: true }),
    );
  });

  test('the ticked newsletter box signs the customer up: pending, with a confirmation email in the card\'s language', async () => {
    const code = freshCode();
    const email = `card-${code.slice(0, 8).toLowerCase()}@example.com`;
    await fn['card-register']!(post(`/api/cards/${code}/register`, { ...details, email, language: 'es', lang: 'en' }, { form: true }));
    expect((await allSubscribers(app().store)).find((s) => s.email === email)).toMatchObject({ status: 'pending', locale: 'es', source: 'card' });
    const [confirmation, ...more] = (await readOutbox(dataDir)).filter((message) => message.headers.to === email);
    expect(more).toEqual([]);
    expect(confirmation!.headers.subject).toMatch(/^Confirme su suscripción/);
    expect(confirmation!.text).toContain('/api/confirm?token=');
    expect(confirmation!.text).toMatch(/suscripción|boletín/i);

    const unticked = `unticked-${code.slice(0, 8).toLowerCase()}@example.com`;
    const { newsletter: _n, ...withoutBox } = details;
    await fn['card-register']!(post(`/api/cards/${freshCode()}/register`, { ...withoutBox, email: unticked }, { form: true }));
    expect((await allSubscribers(app().store)).some((s) => s.email === unticked)).toBe(false);
  });

  test('an unticked newsletter box and no birthday are fine; half a birthday or 31 February is not', async () => {
    const code = freshCode();
    const { birthdayDay: _d, birthdayMonth: _m, newsletter: _n, ...plain } = details;
    expect((await fn['card-register']!(post(`/api/cards/${code}/register`, { ...plain, birthdayDay: '', birthdayMonth: '' }, { form: true }))).status).toBe(303);
    expect((await listRegistrations(app())).find((r) => r.card === code.slice(0, 8))).toMatchObject({ birthday: null, newsletter: false });
    const half = await fn['card-register']!(post(`/api/cards/${code}/register`, { ...details, birthdayMonth: '' }));
    expect(half.status).toBe(400);
    expect(await half.json()).toMatchObject({ fields: { birthday: [expect.stringContaining('día')] } });
    expect((await fn['card-register']!(post(`/api/cards/${code}/register`, { ...details, birthdayDay: '31' }))).status).toBe(400);
  });

  test('a forged code answers 404 and stores nothing', async () => {
    const before = await snapshotFiles(dataDir);
    const response = await fn['card-register']!(post(`/api/cards/${cardCode('another-secret', 'CARDFAKE')}/register`, details));
    expect(response.status).toBe(404);
    expect(await snapshotFiles(dataDir)).toEqual(before);
  });
});

describe('POST /api/cards/batches', () => {
  test('only the owner creates a batch', async () => {
    const before = await snapshotFiles(dataDir);
    expect((await fn['card-batches']!(post('/api/cards/batches', { count: 10 }))).status).toBe(401);
    expect((await fn['card-batches']!(post('/api/cards/batches', { count: 10 }, { as: 'staff' }))).status).toBe(401);
    expect(await snapshotFiles(dataDir)).toEqual(before);
  });

  test('the owner gets the codes and URLs as JSON, or is sent on to the print page from a form', async () => {
    const response = await fn['card-batches']!(post('/api/cards/batches', { count: 3 }, { as: 'admin' }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { batch: { id: string }; codes: string[]; urls: string[] };
    expect(body.codes).toHaveLength(3);
    expect(body.urls[0]).toBe(`http://localhost:4321/c/${body.codes[0]}`);
    const form = await fn['card-batches']!(post('/api/cards/batches', { count: '20', paper: 'letter', lang: 'es' }, { as: 'admin', form: true }));
    expect(form.status).toBe(303);
    const batches = await listBatches(app());
    expect(form.headers.get('location')).toBe(`/admin/cards/print/?batch=${batches.at(-1)!.id}&paper=letter&lang=es`);
    expect(batches.map((b) => b.count)).toEqual([3, 20]);
  });
});
