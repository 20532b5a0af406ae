import { describe, expect, test } from 'vitest';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { cardCode } from '../../src/domain/card.ts';
import { stampCard } from '../../src/services/stamp-card.ts';
import { walletButtons } from '../../src/wallet/wallet.ts';
import { walletSettings } from '../../src/wallet/settings.ts';
import { snapshotFiles, testApp } from '../support/temp.ts';
import { walletTestCredentials, walletTestEnv } from '../support/wallet-certs.ts';

const credentials = walletTestCredentials();
const env = walletTestEnv(credentials);
const now = new Date();

describe('walletSettings()', () => {
  test('without any wallet variable both wallets are off and nothing is reported', () => {
    expect(walletSettings({}, now)).toEqual({ apple: undefined, google: undefined, problems: [] });
  });

  test('with every variable right, both wallets are on', () => {
    const settings = walletSettings(env, now);
    expect(settings.problems).toEqual([]);
    expect(settings.apple).toMatchObject({ passTypeId: 'pass.example.vuelve.test', teamId: 'ABCDE12345', apnsUrl: 'https://api.push.apple.com' });
    expect(settings.google).toMatchObject({ issuerId: '3388000000012345678', clientEmail: 'wallet@vuelve-test.iam.gserviceaccount.com' });
  });

  const other = walletTestCredentials('pass.example.other', 365);
  test.each([
    ['a missing certificate', 'APPLE_PASS_CERT', { APPLE_PASS_CERT: '' }, 'is not set'],
    ['a key that is not the certificate\'s', 'APPLE_PASS_KEY', { APPLE_PASS_KEY: other.signer.key }, 'is not the private key'],
    ['a certificate of another pass type', 'APPLE_PASS_CERT', { APPLE_PASS_CERT: other.signer.cert, APPLE_PASS_KEY: other.signer.key }, 'pass.example.vuelve.test'],
    ['a WWDR certificate that did not issue it', 'APPLE_WWDR_CERT', { APPLE_WWDR_CERT: other.wwdr }, 'did not issue'],
    ['text instead of a PEM', 'APPLE_APNS_KEY', { APPLE_APNS_KEY: 'not a key' }, 'not a PEM private key'],
    ['a short team id', 'APPLE_TEAM_ID', { APPLE_TEAM_ID: 'ABC' }, '10-character'],
  ])('Apple with %s is off, and the problem names %s', (_, setting, change, message) => {
    const settings = walletSettings({ ...env, ...change }, now);
    expect(settings.apple).toBeUndefined();
    expect(settings.google).toBeDefined();
    expect(settings.problems).toContainEqual({ wallet: 'apple', setting, message: expect.stringContaining(message) });
  });

  test('an expired pass certificate is named with its date', () => {
    const expired = walletTestCredentials('pass.example.vuelve.test', 365);
    const later = new Date(Date.now() + 400 * 86_400_000);
    const settings = walletSettings({ ...walletTestEnv(expired) }, later);
    expect(settings.problems).toContainEqual({ wallet: 'apple', setting: 'APPLE_PASS_CERT', message: expect.stringMatching(/expired on \d{4}-\d{2}-\d{2}/) });
  });

  test.each([
    ['a service account that is not JSON', 'GOOGLE_WALLET_SERVICE_ACCOUNT', { GOOGLE_WALLET_SERVICE_ACCOUNT: '{"client_email": ' }],
    ['a service account without its key', 'GOOGLE_WALLET_SERVICE_ACCOUNT', { GOOGLE_WALLET_SERVICE_ACCOUNT: JSON.stringify({ client_email: 'x@y.z' }) }],
    ['an issuer id that is not a number', 'GOOGLE_WALLET_ISSUER_ID', { GOOGLE_WALLET_ISSUER_ID: 'my-shop' }],
  ])('Google with %s is off, and the problem names %s', (_, setting, change) => {
    const settings = walletSettings({ ...env, ...change }, now);
    expect(settings.google).toBeUndefined();
    expect(settings.apple).toBeDefined();
    expect(settings.problems.map((p) => p.setting)).toEqual([setting]);
  });
});

describe('without wallet settings', () => {
  test('the card page gets no wallet buttons, and a stamp writes nothing for the wallets', async () => {
    const { app, dataDir } = await testApp({ CARD_SECRET: 'no-wallet-secret' });
    const code = cardCode('no-wallet-secret', 'NV000001');
    expect(walletButtons(app, code, 'en')).toEqual({});
    await stampCard(app, readProgramme(), { code, key: 'no-wallet-stamp' });
    expect(Object.keys(await snapshotFiles(dataDir)).filter((file) => file.includes('wallet'))).toEqual([]);
  });

  test('with them, the buttons lead to the pass and the save link in the page\'s language', async () => {
    const { app } = await testApp(env);
    expect(walletButtons(app, 'CODE', 'es')).toEqual({ apple: '/api/wallet/apple/cards/CODE?lang=es', google: '/api/wallet/google/cards/CODE?lang=es' });
  });
});
