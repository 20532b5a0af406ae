import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { app } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { cardCode } from '../../src/loyalty/card.ts';
import { passAuthToken } from '../../src/wallet/apple/pass-json.ts';
import { MAX_ATTEMPTS, retryDelayMs } from '../../src/wallet/outbox.ts';
import { addPass, registerDevice } from '../../src/wallet/queries.ts';
import { walletStatus } from '../../src/wallet/wallet.ts';
import { startFakeApns, startFakeGoogle } from '../support/fake-wallets.ts';
import { testApp, useTempApp } from '../support/temp.ts';
import { setUpTestWallets, walletTestCredentials, walletTestEnv } from '../support/wallet-certs.ts';
import { redeemReward, stampCard } from '../../src/loyalty/stamp-and-redeem.ts';

type Handler = (request: Request) => Promise<Response>;
const SECRET = 'wallet-updates-secret';
const origin = 'http://localhost:4321';
const DAY = 24 * 3_600_000;
const credentials = walletTestCredentials();
const programme = readProgramme();
const fn: Record<string, Handler> = {};
let apns: Awaited<ReturnType<typeof startFakeApns>>;
let google: Awaited<ReturnType<typeof startFakeGoogle>>;
let clockFile: string;
let offset = 0;

beforeAll(async () => {
  [apns, google] = await Promise.all([startFakeApns(), startFakeGoogle()]);
  const dataDir = await useTempApp({
    CARD_SECRET: SECRET,
    ...walletTestEnv(credentials, { apns: apns.url, apnsCa: apns.ca, googleApi: google.apiUrl, googleToken: google.tokenUrl }),
  });
  clockFile = join(dataDir, 'clock');
  await writeFile(clockFile, '0');
  process.env.TEST_CLOCK_FILE = clockFile;
  await setUpTestWallets(app(), credentials);
  for (const name of ['wallet-apple-card', 'wallet-apple-registrations', 'wallet-apple-updated', 'wallet-apple-pass', 'wallet-apple-log', 'wallet-google-card', 'wallet-retry']) {
    fn[name] = ((await import(`../../netlify/functions/${name}.mts`)) as { default: Handler }).default;
  }
});

afterAll(async () => {
  await Promise.all([apns?.close(), google?.close()]);
});

async function advance(ms: number): Promise<void> {
  offset += ms;
  await writeFile(clockFile, String(offset));
}

const passType = 'pass.example.vuelve.test';
const base = `${origin}/api/wallet/apple/v1`;
const auth = (cardId: string) => ({ authorization: `ApplePass ${passAuthToken(SECRET, cardId)}` });

/** A card that a customer added to both wallets; its Apple pass registered on one device. */
async function cardInBothWallets(cardId: string, device: string): Promise<string> {
  const code = cardCode(SECRET, cardId);
  expect((await fn['wallet-apple-card']!(new Request(`${origin}/api/wallet/apple/cards/${code}?lang=es`))).status).toBe(200);
  const registered = await fn['wallet-apple-registrations']!(
    new Request(`${base}/devices/${device}/registrations/${passType}/${cardId}`, { method: 'POST', headers: { ...auth(cardId), 'content-type': 'application/json' }, body: JSON.stringify({ pushToken: `token${device}` }) }),
  );
  expect(registered.status).toBe(201);
  expect((await fn['wallet-google-card']!(new Request(`${origin}/api/wallet/google/cards/${code}?lang=es`))).status).toBe(303);
  return code;
}

describe('Apple web service', () => {
  test('registration needs the pass\'s own token; a second registration answers 200', async () => {
    const url = `${base}/devices/DEVICE0A/registrations/${passType}/WEBS0001`;
    const body = JSON.stringify({ pushToken: 'abcdef0123456789' });
    expect((await fn['wallet-apple-registrations']!(new Request(url, { method: 'POST', headers: { authorization: `ApplePass ${passAuthToken(SECRET, 'WEBS0002')}` }, body }))).status).toBe(401);
    expect((await fn['wallet-apple-registrations']!(new Request(url, { method: 'POST', headers: { ...auth('WEBS0001'), 'content-type': 'application/json' }, body }))).status).toBe(201);
    expect((await fn['wallet-apple-registrations']!(new Request(url, { method: 'POST', headers: { ...auth('WEBS0001'), 'content-type': 'application/json' }, body }))).status).toBe(200);
  });

  test('lists the serials changed since a tag (204 when none), serves the latest pass, takes logs, unregisters', async () => {
    await cardInBothWallets('WEBS0003', 'DEVICE0B');
    await stampCard(app(), programme, { code: cardCode(SECRET, 'WEBS0003'), key: 'webs-stamp-1' });
    const list = await fn['wallet-apple-updated']!(new Request(`${base}/devices/DEVICE0B/registrations/${passType}`));
    const { serialNumbers, lastUpdated } = (await list.json()) as { serialNumbers: string[]; lastUpdated: string };
    expect(serialNumbers).toEqual(['WEBS0003']);
    expect((await fn['wallet-apple-updated']!(new Request(`${base}/devices/DEVICE0B/registrations/${passType}?passesUpdatedSince=${encodeURIComponent(lastUpdated)}`))).status).toBe(204);

    const pass = await fn['wallet-apple-pass']!(new Request(`${base}/passes/${passType}/WEBS0003`, { headers: auth('WEBS0003') }));
    expect(pass.status).toBe(200);
    expect(pass.headers.get('content-type')).toBe('application/vnd.apple.pkpass');
    const unchanged = await fn['wallet-apple-pass']!(new Request(`${base}/passes/${passType}/WEBS0003`, { headers: { ...auth('WEBS0003'), 'if-modified-since': pass.headers.get('last-modified')! } }));
    expect(unchanged.status).toBe(304);
    expect((await fn['wallet-apple-pass']!(new Request(`${base}/passes/${passType}/WEBS0003`))).status).toBe(401);

    // Each device message is one log line: a newline it carries cannot start a forged line.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const logs = ['a device message', 'ok\n2026-12-06T10:00:00Z [ERROR] forged line\r\n\u001b[2J'];
    expect((await fn['wallet-apple-log']!(new Request(`${base}/log`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ logs }) }))).status).toBe(200);
    expect(warn.mock.calls).toEqual([
      ['Apple Wallet device log: a device message'],
      ['Apple Wallet device log: ok\\n2026-12-06T10:00:00Z [ERROR] forged line\\r\\n\\u001b[2J'],
    ]);
    warn.mockRestore();
    const gone = await fn['wallet-apple-registrations']!(new Request(`${base}/devices/DEVICE0B/registrations/${passType}/WEBS0003`, { method: 'DELETE', headers: auth('WEBS0003') }));
    expect(gone.status).toBe(200);
    expect((await fn['wallet-apple-updated']!(new Request(`${base}/devices/DEVICE0B/registrations/${passType}`))).status).toBe(204);
  });
});

describe('"Save to Google Wallet"', () => {
  test('is a link with a JWT signed (RS256) by the service account, holding the card as a loyalty object in its language', async () => {
    const code = cardCode(SECRET, 'GW000001');
    const response = await fn['wallet-google-card']!(new Request(`${origin}/api/wallet/google/cards/${code}?lang=es`));
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^https:\/\/pay\.google\.com\/gp\/v\/save\//);
    const jwt = location.split('/').pop()!;
    const { payload } = await jwtVerify(jwt, credentials.googlePublicKey, { issuer: 'wallet@vuelve-test.iam.gserviceaccount.com', audience: 'google' });
    expect(payload).toMatchObject({ typ: 'savetowallet', origins: [origin] });
    const object = (payload.payload as { loyaltyObjects: Record<string, unknown>[] }).loyaltyObjects[0];
    expect(object).toMatchObject({
      id: '3388000000012345678.GW000001',
      loyaltyPoints: { label: 'Sellos', balance: { string: '0 de 8' } },
      barcode: { type: 'QR_CODE', value: `${origin}/c/${code}` },
    });
  });
});

describe('a stamp or a redemption updates the wallets', () => {
  test('an unreachable APNs costs the stamp nothing but the attempt; the error is kept', async () => {
    const { app: offline } = await testApp({ CARD_SECRET: SECRET, ...walletTestEnv(credentials, { apns: 'https://127.0.0.1:9', googleApi: google.apiUrl, googleToken: google.tokenUrl }) });
    await setUpTestWallets(offline, credentials);
    await addPass(offline.db, 'NW000001', 'apple', 'en', offline.now());
    await registerDevice(offline.db, 'DEVICE09', 'NW000001', 'tokenDEVICE09', offline.now());
    const stamped = await stampCard(offline, programme, { code: cardCode(SECRET, 'NW000001'), key: 'offline-stamp-1' });
    expect(stamped).toMatchObject({ ok: true, balance: { stamps: 1 } });
    expect((await walletStatus(offline)).pending).toEqual([expect.objectContaining({ card: 'NW000001', attempts: 1, lastError: expect.stringContaining('ECONNREFUSED') })]);
    await offline.db.close();
  });

  test('one stamp makes exactly one APNs push (authenticated with the uploaded Pass Type ID certificate, topic = pass type) and one Google update', async () => {
    const code = await cardInBothWallets('ST000001', 'DEVICE01');
    const [pushes, updates] = [apns.pushes.length, google.updates.length];
    expect((await stampCard(app(), programme, { code, key: 'updt-stamp-1' })).ok).toBe(true);

    const sent = apns.pushes.slice(pushes);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ path: '/3/device/tokenDEVICE01', body: '{}', headers: expect.objectContaining({ 'apns-topic': passType }) });
    expect(sent[0]!.clientCertificate).toBe(new X509Certificate(credentials.signer.cert).fingerprint256);

    const changed = google.updates.slice(updates);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ method: 'PUT', path: '/walletobjects/v1/loyaltyObject/3388000000012345678.ST000001', authorization: expect.stringMatching(/^Bearer token-/) });
    expect(changed[0]!.body).toMatchObject({ loyaltyPoints: { balance: { string: '1 de 8' } } });
    // The token came from a JWT bearer grant signed by the service account.
    const grant = google.tokens.at(-1)!;
    expect(grant.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(decodeJwt(grant.get('assertion')!)).toMatchObject({ iss: 'wallet@vuelve-test.iam.gserviceaccount.com', scope: 'https://www.googleapis.com/auth/wallet_object.issuer', aud: google.tokenUrl });

    // A repeated request (same key) changes nothing and sends nothing.
    await stampCard(app(), programme, { code, key: 'updt-stamp-1' });
    expect(apns.pushes.length - pushes).toBe(1);
    expect(google.updates.length - updates).toBe(1);
  });

  test('a failed push does not stop the stamp, is shown to the owner, and is sent by a later stamp or the scheduled retry', async () => {
    const code = await cardInBothWallets('FA000001', 'DEVICE02');
    await advance(DAY);
    apns.failNext(1);
    google.failNext(1);
    const [pushes, updates] = [apns.pushes.length, google.updates.length];
    const stamped = await stampCard(app(), programme, { code, key: 'fail-stamp-1' });
    expect(stamped).toMatchObject({ ok: true, balance: { stamps: 1 } });
    expect(apns.pushes.length - pushes).toBe(1);

    const status = await walletStatus(app());
    expect(status.pending).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ wallet: 'apple', card: 'FA000001', attempts: 1, lastError: 'APNs 500 InternalServerError' }),
        expect.objectContaining({ wallet: 'google', card: 'FA000001', attempts: 1, lastError: expect.stringContaining('Google Wallet 503') }),
      ]),
    );

    // Not due yet: the scheduled retry leaves it.
    expect(await fn['wallet-retry']!(new Request(`${origin}/.netlify/functions/wallet-retry`)).then((r) => r.json())).toEqual({ sent: 0, failed: 0 });
    // Due: another card's stamp sends it along with its own.
    await advance(retryDelayMs(1));
    const other = await cardInBothWallets('FB000002', 'DEVICE03');
    await stampCard(app(), programme, { code: other, key: 'fail-stamp-2' });
    expect(apns.pushes.slice(pushes + 1).map((p) => p.path).sort()).toEqual(['/3/device/tokenDEVICE02', '/3/device/tokenDEVICE03']);
    expect(google.updates.length - updates).toBe(3);
    expect((await walletStatus(app())).pending.filter((item) => item.card === 'FA000001')).toEqual([]);
  });

  test('an APNs that keeps failing never fails a stamp; after the last attempt the update is kept, given up, for the owner to see', async () => {
    const code = await cardInBothWallets('DN000001', 'DEVICE04');
    await advance(DAY);
    apns.failNext(MAX_ATTEMPTS);
    const stamped = await stampCard(app(), programme, { code, key: 'down-stamp-1' });
    expect(stamped.ok).toBe(true);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await advance(retryDelayMs(attempt));
      await fn['wallet-retry']!(new Request(`${origin}/.netlify/functions/wallet-retry`));
    }
    const item = (await walletStatus(app())).pending.find((update) => update.card === 'DN000001' && update.wallet === 'apple');
    expect(item).toMatchObject({ attempts: MAX_ATTEMPTS, gaveUp: true });
  });

  test('a redemption pushes too; a device APNs no longer knows (410) is unregistered', async () => {
    const code = await cardInBothWallets('REDM0001', 'DEVICE05');
    for (let i = 0; i < programme.stampsPerReward; i++) {
      await advance(DAY);
      await stampCard(app(), programme, { code, key: `redm-stamp-${i}` });
    }
    const pushes = apns.pushes.length;
    apns.failNext(1, 410, 'Unregistered');
    expect((await redeemReward(app(), programme, { code, key: 'redm-redeem-1' })).ok).toBe(true);
    expect(apns.pushes.length - pushes).toBe(1);
    expect((await fn['wallet-apple-updated']!(new Request(`${base}/devices/DEVICE05/registrations/${passType}`))).status).toBe(204);
    expect((await walletStatus(app())).pending.filter((item) => item.card === 'REDM0001')).toEqual([]);
  });
});
