import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { cardBalance, cardCode } from '../../src/loyalty/card.ts';
import { stampCard } from '../../src/loyalty/stamp-and-redeem.ts';
import { passJson } from '../../src/wallet/apple/pass-json.ts';
import { signedPass } from '../../src/wallet/apple/pkpass.ts';
import { cardView } from '../../src/wallet/card-view.ts';
import { loyaltyObject } from '../../src/wallet/google/google-wallet.ts';
import { walletSettings, type AppleSettings } from '../../src/wallet/settings.ts';
import { tempDir, testApp } from '../support/temp.ts';
import { setUpTestWallets, walletTestCredentials, walletTestEnv } from '../support/wallet-certs.ts';

const credentials = walletTestCredentials();
const programme = readProgramme();
let harness: Awaited<ReturnType<typeof testApp>>;
let apple: AppleSettings;
const CARD = 'PASS0001';

beforeAll(async () => {
  harness = await testApp({ CARD_SECRET: 'pass-test-secret', ...walletTestEnv(credentials) });
  await setUpTestWallets(harness.app, credentials);
  apple = (await walletSettings(harness.app)).apple!;
  // Three stamps, a day apart (the programme allows few per day).
  for (let day = 0; day < 3; day++) {
    expect((await stampCard(harness.app, programme, { code: cardCode('pass-test-secret', CARD), key: `pass-stamp-${day}` })).ok).toBe(true);
    harness.clock.advance(24 * 3_600_000);
  }
});

/** The files of a .pkpass (a zip). */
async function openPass(locale: 'en' | 'es'): Promise<Record<string, Buffer>> {
  const view = await cardView(harness.app, CARD, locale);
  const pass = signedPass(apple, view, { webServiceUrl: 'https://shop.example/api/wallet/apple', cardSecret: 'pass-test-secret' });
  return Object.fromEntries(Object.entries(unzipSync(new Uint8Array(pass))).map(([name, data]) => [name, Buffer.from(data)]));
}

/** Whether openssl verifies `signature` as a detached PKCS#7 signature of `content` by a certificate the WWDR stand-in issued. */
async function verifies(signature: Buffer, content: Buffer): Promise<boolean> {
  const dir = await tempDir('vuelve-pass-');
  await Promise.all([writeFile(join(dir, 'signature'), signature), writeFile(join(dir, 'manifest.json'), content), writeFile(join(dir, 'wwdr.pem'), credentials.wwdr)]);
  try {
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'signature'), '-content', join(dir, 'manifest.json'), '-CAfile', join(dir, 'wwdr.pem'), '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('signedPass(): the .pkpass of a card', () => {
  test('its manifest lists the SHA-1 of every other file, and the signature verifies against the WWDR certificate', async () => {
    const files = await openPass('en');
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['pass.json', 'manifest.json', 'signature', 'icon.png', 'icon@2x.png', 'logo.png']));
    const manifest = JSON.parse(files['manifest.json']!.toString('utf8')) as Record<string, string>;
    const hashed = Object.keys(files).filter((name) => name !== 'manifest.json' && name !== 'signature').sort();
    expect(Object.keys(manifest).sort()).toEqual(hashed);
    for (const name of hashed) expect(manifest[name], name).toBe(createHash('sha1').update(files[name]!).digest('hex'));

    expect(await verifies(files.signature!, files['manifest.json']!)).toBe(true);
    // The same signature over an altered manifest does not verify: the check above means something.
    expect(await verifies(files.signature!, Buffer.from(files['manifest.json']!.toString('utf8').replace(/"[0-9a-f]{40}"/, `"${'0'.repeat(40)}"`)))).toBe(false);
  });

  test.each([
    ['en', 'Stamps', '3 of 8', 'Rewards ready', 'Reward', 'a free coffee of your choice', 'Brasa stamp card'],
    ['es', 'Sellos', '3 de 8', 'Premios listos', 'Premio', 'un café gratis a su elección', 'Tarjeta de sellos Brasa'],
  ] as const)('%s: stamps, rewards ready and the reward in the card\'s language; the QR code is the card\'s page', async (locale, stampsLabel, stamps, readyLabel, rewardLabel, reward, description) => {
    const json = JSON.parse((await openPass(locale))['pass.json']!.toString('utf8'));
    expect(json).toMatchObject({
      formatVersion: 1,
      passTypeIdentifier: 'pass.example.vuelve.test',
      teamIdentifier: 'ABCDE12345',
      serialNumber: CARD,
      webServiceURL: 'https://shop.example/api/wallet/apple',
      description,
      barcodes: [{ format: 'PKBarcodeFormatQR', message: `${harness.app.config.siteUrl}/c/${cardCode('pass-test-secret', CARD)}` }],
    });
    expect(json.authenticationToken).toMatch(/^[\w-]{32}$/);
    expect(json.storeCard.primaryFields).toEqual([expect.objectContaining({ key: 'stamps', label: stampsLabel, value: stamps })]);
    expect(json.storeCard.headerFields).toEqual([expect.objectContaining({ key: 'ready', label: readyLabel, value: 0 })]);
    expect(json.storeCard.secondaryFields).toEqual([expect.objectContaining({ label: rewardLabel, value: reward })]);
  });

  test('a full card waiting for its reward shows every stamp (8 of 8), on the pass and on Google\'s card', async () => {
    const stamps = Array.from({ length: programme.stampsPerReward }, (_, day) => ({ type: 'stamp' as const, at: new Date(Date.UTC(2026, 10, day + 1)).toISOString() }));
    const full = { ...(await cardView(harness.app, CARD, 'en')), balance: cardBalance(stamps, programme) };
    const json = passJson(full, { passTypeId: 'pass.example.vuelve.test', teamId: 'ABCDE12345', webServiceUrl: 'https://shop.example/api/wallet/apple', authToken: 'x'.repeat(32) }) as { storeCard: { primaryFields: { value: string }[]; headerFields: { value: number }[] } };
    expect([json.storeCard.primaryFields[0]!.value, json.storeCard.headerFields[0]!.value]).toEqual([`${programme.stampsPerReward} of ${programme.stampsPerReward}`, 1]);
    const google = (await walletSettings(harness.app)).google!;
    expect(loyaltyObject(google, full)).toMatchObject({ loyaltyPoints: { balance: { string: `${programme.stampsPerReward} of ${programme.stampsPerReward}` } }, secondaryLoyaltyPoints: { balance: { int: 1 } } });
  });
});
