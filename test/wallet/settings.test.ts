import { X509Certificate } from 'node:crypto';
import { unzipSync } from 'fflate';
import forge from 'node-forge';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cardCode } from '../../src/loyalty/card.ts';
import { problemsFromParam, problemsParam, problemText } from '../../src/wallet/messages.ts';
import { engines } from '../support/db.ts';
import { ownerCookie, testApp, useTempApp } from '../support/temp.ts';
import { p12Of, serviceAccountJson, testClientEmail, testIssuerId, walletTestCredentials, walletTestEnv } from '../support/wallet-certs.ts';

type Handler = (request: Request) => Promise<Response>;
const SECRET = 'wallet-settings-card-secret';
const origin = 'http://localhost:4321';
const credentials = walletTestCredentials();
const other = walletTestCredentials('pass.example.other');
const code = cardCode(SECRET, 'WS000001');
let cookie: string;
let upload: Handler;
let applePass: Handler;
let current: typeof import('../../src/app.ts').app;
let walletButtons: typeof import('../../src/wallet/wallet.ts').walletButtons;
let walletSettings: typeof import('../../src/wallet/settings.ts').walletSettings;

beforeAll(async () => {
  await useTempApp({ CARD_SECRET: SECRET, SESSION_SECRET: 'wallet-settings-session-secret', ...walletTestEnv(credentials) });
  upload = (await import('../../netlify/functions/admin-wallet.mts')).default;
  applePass = (await import('../../netlify/functions/wallet-apple-card.mts')).default;
  ({ app: current } = await import('../../src/app.ts'));
  ({ walletButtons } = await import('../../src/wallet/wallet.ts'));
  ({ walletSettings } = await import('../../src/wallet/settings.ts'));
  cookie = await ownerCookie();
}, 60_000);

interface Upload {
  action: string;
  certificate?: Uint8Array;
  password?: string;
  issuerId?: string;
  serviceAccount?: string;
}

/** The settings page's form, as a browser posts it. */
function post(fields: Upload, headers: Record<string, string> = { cookie, origin }): Promise<Response> {
  const form = new FormData();
  form.set('action', fields.action);
  if (fields.certificate) form.set('certificate', new File([Buffer.from(fields.certificate)], 'pass.p12', { type: 'application/x-pkcs12' }));
  if (fields.password !== undefined) form.set('password', fields.password);
  if (fields.issuerId !== undefined) form.set('issuerId', fields.issuerId);
  if (fields.serviceAccount !== undefined) form.set('serviceAccount', new File([fields.serviceAccount], 'key.json', { type: 'application/json' }));
  return upload(new Request(`${origin}/api/admin/wallet`, { method: 'POST', headers, body: form }));
}

const goodApple = { action: 'apple', certificate: p12Of(credentials.signer.cert, credentials.signer.key, 'p4ss word'), password: 'p4ss word' };
const goodGoogle = { action: 'google', issuerId: testIssuerId, serviceAccount: serviceAccountJson(credentials) };
/** Every stored row of the wallet keys, as text. */
const storeText = async () => (await current().db.query('SELECT * FROM wallet_keys')).map((row) => JSON.stringify(row)).join('\n');

describe('POST /api/admin/wallet: the owner uploads the wallet keys', { timeout: 30_000 }, () => {
  test('without the owner\'s session: 401; from another site: 403; nothing stored either way', async () => {
    expect((await post(goodApple, { origin })).status).toBe(401);
    expect((await post(goodApple, { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(goodApple, { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await storeText()).toBe('');
    expect(await walletButtons(current(), code, 'en')).toEqual({});
  });

  test.each([
    ['a wrong password', { ...goodApple, password: 'wrong' }, 'password', 'The password does not open this .p12 file', 'La contraseña no abre este archivo .p12'],
    ['a key that is not the certificate\'s', { ...goodApple, certificate: p12Of(credentials.signer.cert, other.signer.key, 'p4ss word') }, 'certificate', 'is not the key of its certificate', 'no es la de su certificado'],
    ['a service account file that is not JSON', { ...goodGoogle, serviceAccount: 'client_email=x' }, 'serviceAccount', 'This file is not a JSON key file', 'Este archivo no es una clave JSON'],
  ])('%s: nothing stored; the page\'s script gets the problem by field in the owner\'s language, a plain form goes back to the page with it', async (_, fields, field, english, spanish) => {
    const json = { cookie, origin, accept: 'application/json' };
    const en = await post(fields, { ...json, 'accept-language': 'en' });
    expect(en.status).toBe(400);
    expect(await en.json()).toEqual({ error: expect.any(String), problems: [{ field, message: expect.stringContaining(english) }] });
    const es = await post(fields, { ...json, 'accept-language': 'es-ES,es;q=0.9' });
    expect(((await es.json()) as { problems: { message: string }[] }).problems[0]!.message).toContain(spanish);

    // Without script: back to the settings page (in the dashboard's layout), which names the problem beside the form.
    const form = await post(fields);
    expect(form.status).toBe(303);
    const back = new URL(form.headers.get('location')!, origin);
    expect(back.pathname + back.hash).toBe(`/admin/loyalty/wallet/#${fields.action}`);
    expect(back.searchParams.get('failed')).toBe(fields.action);
    const problems = problemsFromParam(fields.action as 'apple' | 'google', back.searchParams.get('problems'));
    expect(problems.map((problem) => [problem.field, problemText('en', problem)])).toEqual([[field, expect.stringContaining(english)]]);
    expect(await storeText()).toBe('');
  });

  test('an expired certificate is refused with its date', async () => {
    const expired = walletTestCredentials('pass.example.vuelve.test', -0.5, credentials);
    const response = await post({ action: 'apple', certificate: p12Of(expired.signer.cert, expired.signer.key, 'x'), password: 'x' }, { cookie, origin, accept: 'application/json', 'accept-language': 'es' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/El certificado de Apple caducó el \d+ de \w+ de \d{4}/);
  });

  test('problems in the settings page\'s address: only known problems are shown, an edited link shows nothing made up', () => {
    const param = problemsParam([{ wallet: 'apple', field: 'password', key: 'wallet.problem.apple.password' }, { wallet: 'apple', field: 'certificate', key: 'wallet.problem.apple.expired', vars: { date: '2026-01-31' } }]);
    expect(problemsFromParam('apple', param)).toEqual([
      { wallet: 'apple', field: 'password', key: 'wallet.problem.apple.password' },
      { wallet: 'apple', field: 'certificate', key: 'wallet.problem.apple.expired', vars: { date: '2026-01-31' } },
    ]);
    const forged = Buffer.from(JSON.stringify([['password', 'admin.title', {}], ['x', 'wallet.problem.apple.password', { date: 5 }]])).toString('base64url');
    expect(problemsFromParam('apple', forged)).toEqual([{ wallet: 'apple', field: 'x', key: 'wallet.problem.apple.password' }]);
    expect(problemsFromParam('apple', 'not base64 json')).toEqual([]);
    expect(problemsFromParam('apple', null)).toEqual([]);
  });

  test('good keys: back to the settings page, both buttons on the card page at once, and no key in the store as plain text', async () => {
    const apple = await post(goodApple);
    expect(apple.status).toBe(303);
    expect(apple.headers.get('location')).toBe('/admin/loyalty/wallet/?done=saved-apple');
    expect(await walletButtons(current(), code, 'es')).toEqual({ apple: `/api/wallet/apple/cards/${code}?lang=es` });
    expect((await post(goodGoogle)).headers.get('location')).toBe('/admin/loyalty/wallet/?done=saved-google');
    expect(await walletButtons(current(), code, 'es')).toEqual({ apple: `/api/wallet/apple/cards/${code}?lang=es`, google: `/api/wallet/google/cards/${code}?lang=es` });

    const stored = await storeText();
    expect(stored).toContain('"passTypeId":"pass.example.vuelve.test"');
    expect(stored).toContain(`"issuerId":"${testIssuerId}"`);
    // No key, no certificate body, no password: only the summaries and the sealed blobs.
    const middle = (pem: string) => pem.split('\n').slice(5, 6)[0]!;
    for (const secret of ['PRIVATE KEY', 'BEGIN CERTIFICATE', middle(credentials.signer.key), middle(credentials.googleKey), middle(credentials.signer.cert), 'p4ss word']) {
      expect(stored).not.toContain(secret);
    }
  });

  test('the card\'s pass is signed with the uploaded certificate', async () => {
    const response = await applePass(new Request(`${origin}/api/wallet/apple/cards/${code}?lang=en`));
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const signature = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(files.signature!).toString('binary')))) as forge.pkcs7.PkcsSignedData;
    const fingerprints = signature.certificates.map((cert) => new X509Certificate(forge.pki.certificateToPem(cert)).fingerprint256);
    expect(fingerprints).toContain(new X509Certificate(credentials.signer.cert).fingerprint256);
    expect(fingerprints).toContain(new X509Certificate(credentials.wwdr).fingerprint256);
    expect(JSON.parse(Buffer.from(files['pass.json']!).toString('utf8'))).toMatchObject({ passTypeIdentifier: 'pass.example.vuelve.test', teamIdentifier: 'ABCDE12345' });
  });

  test('keys sealed under another SESSION_SECRET are not used, and the dashboard says to upload them again', async () => {
    const { createApp } = await import('../../src/app.ts');
    const rotated = createApp({ ...process.env, SESSION_SECRET: 'a-new-session-secret' });
    const settings = await walletSettings(rotated);
    expect(settings).toMatchObject({ apple: undefined, google: undefined });
    expect(settings.problems.map((p) => [p.wallet, p.key])).toEqual([['apple', 'wallet.problem.sealed'], ['google', 'wallet.problem.sealed']]);
  });

  test('removing a wallet takes its button off the card pages; its pass link answers 404', async () => {
    const removed = await post({ action: 'remove-apple' });
    expect(removed.headers.get('location')).toBe('/admin/loyalty/wallet/?done=removed-apple');
    expect(await walletButtons(current(), code, 'en')).toEqual({ google: `/api/wallet/google/cards/${code}?lang=en` });
    expect((await applePass(new Request(`${origin}/api/wallet/apple/cards/${code}?lang=en`))).status).toBe(404);
    await post({ action: 'remove-google' });
    expect(await walletButtons(current(), code, 'en')).toEqual({});
    expect(await storeText()).not.toContain('sealed');
  });
});

describe.each(engines)('stored settings over time on %s', (engine) => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(() => close());

  test('a certificate that expires after its upload switches Apple off and names its date', async () => {
    const { app, clock } = await testApp({ SESSION_SECRET: 'expiry-test', ...walletTestEnv(credentials) }, engine);
    close = () => app.db.close();
    const { saveAppleCertificate } = await import('../../src/wallet/settings.ts');
    clock.set(new Date());
    expect((await saveAppleCertificate(app, goodApple.certificate, goodApple.password)).ok).toBe(true);
    expect((await walletSettings(app)).apple).toBeDefined();
    clock.advance(400 * 86_400_000);
    const later = await walletSettings(app);
    expect(later.apple).toBeUndefined();
    expect(later.problems).toEqual([{ wallet: 'apple', field: 'certificate', key: 'wallet.problem.apple.expired', vars: { date: expect.any(String) } }]);
  });

  test('a new upload replaces the wallet\'s keys in place, and its summary says when', async () => {
    const { app, clock } = await testApp({ SESSION_SECRET: 'replace-test', ...walletTestEnv(credentials) }, engine);
    close = () => app.db.close();
    const { saveGoogleAccount, walletSummaries } = await import('../../src/wallet/settings.ts');
    expect((await saveGoogleAccount(app, testIssuerId, serviceAccountJson(credentials))).ok).toBe(true);
    clock.advance(86_400_000);
    expect((await saveGoogleAccount(app, '3388000000099999999', serviceAccountJson(credentials))).ok).toBe(true);
    expect(await app.db.query('SELECT wallet FROM wallet_keys')).toEqual([{ wallet: 'google' }]);
    expect((await walletSummaries(app)).google).toEqual({ issuerId: '3388000000099999999', clientEmail: testClientEmail, uploadedAt: app.now() });
  });
});
