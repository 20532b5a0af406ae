import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { cardCode, cardIdFromBytes } from '../../src/loyalty/card.ts';
import { cardHistory, insertStamp } from '../../src/loyalty/queries.ts';
import { findResponse } from '../../src/surveys/queries.ts';
import { START_COOKIE, startToken } from '../../src/surveys/record-response.ts';
import { accountLockout, logIn, loginLimit } from '../../src/sessions/sessions.ts';

// `astro dev` runs each request in a fresh worker: concurrent requests are concurrent processes, each with its own
// connection to the one database (Netlify Database's PGlite emulation).
const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const clockFile = inject('clockFile');
const server = createApp({ DATA_DIR: dataDir, TEST_CLOCK_FILE: clockFile, NETLIFY_DB_URL: inject('databaseUrl') });
const programme = readProgramme();
afterAll(() => server.db.close());

// npm start takes the client's address from the connection (src/http/dev-client-address.ts): each request leaves
// from its own loopback address (all of 127.0.0.0/8 is this machine), never 127.0.0.1, which the browser tests use.
let ips = 0;
const nextIp = () => `127.0.${Math.floor(++ips / 250) + 1}.${(ips % 250) + 2}`;
const newCardId = () => cardIdFromBytes(randomBytes(8));

async function staffCookie(): Promise<string> {
  const result = await logIn(server, 'staff', nextIp(), server.secret('STAFF_PIN'));
  if (!result.ok) throw new Error('staff sign-in failed');
  return result.setCookie.split(';')[0]!;
}

/** A JSON post sent from the loopback address `from` (a fresh one unless given), so flood limits stay out of the way. */
function postJson(path: string, body: unknown, headers: Record<string, string> = {}, from = nextIp()): Promise<{ status: number; text: string }> {
  const url = new URL(path, baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: '127.0.0.1', port: url.port, path: url.pathname, method: 'POST', localAddress: from, headers: { host: url.host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), origin: baseUrl, ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    sent.on('error', reject);
    sent.end(payload);
  });
}

// Fifty requests at once are fifty fresh workers under astro dev, each loading the function anew: about a minute on 2 cores.
describe('the HTTP API under concurrent requests (npm start, its emulated database)', { timeout: 180_000 }, () => {
  test('50 concurrent survey posts: all 50 stored, none answered 5xx', async () => {
    // Opened a minute ago, so no post is refused as too fast.
    const opened = startToken({ ...server, now: () => new Date(server.now().getTime() - 60_000) });
    const posts = Array.from({ length: 50 }, (_, i) =>
      postJson('/api/responses', { survey: 'feedback', locale: 'en', answers: { overall: i % 2 ? 5 : 1, nps: i % 2 ? 10 : 2 } }, { cookie: `${START_COOKIE}=${opened}` }),
    );
    const answers = await Promise.all(posts);
    expect(answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.text.slice(0, 300)}`)).toEqual([]);
    const ids = answers.map((r) => (JSON.parse(r.text) as { id: string }).id);
    const stored = await Promise.all(ids.map((id) => findResponse(server.db, id)));
    expect(stored.filter(Boolean)).toHaveLength(50);
  });

  test('20 concurrent posts of one answer with one key (a retrying island): one response stored, every post answered with it', async () => {
    const opened = startToken({ ...server, now: () => new Date(server.now().getTime() - 60_000) });
    const key = `concurrent-${randomBytes(6).toString('hex')}`;
    const post = { survey: 'feedback', locale: 'en', key, answers: { overall: 1, nps: 2, wrong: 'Waited' } };
    const answers = await Promise.all(Array.from({ length: 20 }, () => postJson('/api/responses', post, { cookie: `${START_COOKIE}=${opened}` })));
    expect(answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.text.slice(0, 300)}`)).toEqual([]);
    expect(new Set(answers.map((r) => (JSON.parse(r.text) as { id: string }).id)).size).toBe(1);
    expect(await server.db.query('SELECT count(*)::int AS n FROM responses r JOIN followups f ON f.response_id = r.id WHERE r.idempotency_key = $1', [key])).toEqual([{ n: 1 }]);
  });

  test('50 concurrent stamps on 50 different cards: every stamp stored once', async () => {
    const cookie = await staffCookie();
    const cards = Array.from({ length: 50 }, newCardId);
    const answers = await Promise.all(cards.map((id) => postJson('/api/stamps', { code: cardCode(server.secret('CARD_SECRET'), id), key: `stamp-${id}` }, { cookie })));
    expect(answers.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text.slice(0, 300)}`)).toEqual([]);
    const histories = await Promise.all(cards.map((id) => cardHistory(server.db, id)));
    expect(histories.map((events) => events.length)).toEqual(Array(50).fill(1));
  });

  test('10 concurrent redemptions of one full card: exactly one succeeds, the others answer 409', async () => {
    const cookie = await staffCookie();
    const id = newCardId();
    // A stamp a day over the past days, so no limit stands in the way.
    const start = server.now().getTime() - (programme.stampsPerReward + 1) * 86_400_000;
    for (let i = 0; i < programme.stampsPerReward; i++) {
      await insertStamp(server.db, { card: id, key: `seed-${i}-${id}`, at: new Date(start + i * 86_400_000), minutesBetweenStamps: 0, maxStampsPerDay: 99, timeZone: 'UTC' });
    }
    const code = cardCode(server.secret('CARD_SECRET'), id);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => postJson('/api/redeem', { code, key: `redeem-${i}-${id}` }, { cookie })));
    expect(answers.map((r) => r.status).toSorted()).toEqual([200, ...Array(9).fill(409)]);
    expect((await cardHistory(server.db, id)).filter((event) => event.type === 'redeem')).toHaveLength(1);
  });

  describe('30 concurrent wrong staff PINs', () => {
    /** Each from its own address (postJson), or all from `address`. */
    const wrongPins = (address?: string) => Promise.all(Array.from({ length: 30 }, () => postJson('/api/staff/login', { pin: '000000' }, {}, address)));
    const checked = (answers: { status: number }[]) => answers.filter((r) => r.status === 401).length;
    // Later browser tests sign staff in: the account starts them with a clean slate.
    afterAll(() => server.db.query("DELETE FROM account_lockouts WHERE account = 'staff'"));

    test('from one address: at most the per-address limit are checked, the others refused with 429', async () => {
      const answers = await wrongPins(nextIp());
      expect(answers.filter((r) => r.status !== 401 && r.status !== 429).map((r) => `${r.status} ${r.text.slice(0, 300)}`)).toEqual([]);
      expect(checked(answers)).toBeGreaterThan(0);
      expect(checked(answers)).toBeLessThanOrEqual(loginLimit('staff').max);
    });

    test('from 30 addresses: at most the account’s free tries are checked', async () => {
      await server.db.query("DELETE FROM account_lockouts WHERE account = 'staff'");
      const answers = await wrongPins();
      expect(answers.filter((r) => r.status !== 401 && r.status !== 429).map((r) => `${r.status} ${r.text.slice(0, 300)}`)).toEqual([]);
      expect(checked(answers)).toBeGreaterThan(0);
      expect(checked(answers)).toBeLessThanOrEqual(accountLockout.free);
    });
  });

});
