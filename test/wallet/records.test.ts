import { describe, expect, test } from 'vitest';
import { passLocale } from '../../src/wallet/records.ts';
import { addPass, cardsInWallets, deviceCards, installs, registerDevice, unregisterDevice } from '../../src/wallet/queries.ts';
import { engines } from '../support/db.ts';
import { appsOn } from '../support/temp.ts';

describe.each(engines)('passes and Apple devices on %s', (engine) => {
  const fresh = appsOn(engine);

  test('twenty registrations of one device for one card at once: one row, one of them "created"', async () => {
    const { app } = await fresh();
    const answers = await Promise.all(Array.from({ length: 20 }, () => registerDevice(app.db, 'DEVICE01', 'CARD0001', 'token0001', app.now())));
    expect(answers.filter((answer) => answer === 'created')).toHaveLength(1);
    expect(await app.db.query('SELECT device_id, card_id, push_token FROM wallet_devices')).toEqual([{ device_id: 'DEVICE01', card_id: 'CARD0001', push_token: 'token0001' }]);
    expect(await app.db.query('SELECT id, origin FROM cards')).toEqual([{ id: 'CARD0001', origin: 'printed' }]);
    // Registering again with a new push token keeps the registration and takes the token.
    expect(await registerDevice(app.db, 'DEVICE01', 'CARD0001', 'token0002', app.now())).toBe('exists');
    expect(await app.db.query('SELECT push_token FROM wallet_devices')).toEqual([{ push_token: 'token0002' }]);
  });

  test('twenty adds of one pass at once: one row; the language is the last one it was added in, per wallet', async () => {
    const { app } = await fresh();
    await Promise.all(Array.from({ length: 20 }, () => addPass(app.db, 'CARD0001', 'google', 'en', app.now())));
    expect(await app.db.query('SELECT card_id, wallet, locale FROM wallet_passes')).toEqual([{ card_id: 'CARD0001', wallet: 'google', locale: 'en' }]);
    await addPass(app.db, 'CARD0001', 'google', 'es', app.now());
    expect(await passLocale(app, 'CARD0001', 'google')).toBe('es');
    // No Apple pass and no registration: English.
    expect(await passLocale(app, 'CARD0001', 'apple')).toBe('en');
  });

  test('installs and the cards in wallets are counted from the rows; a device that unregisters leaves them', async () => {
    const { app } = await fresh();
    await registerDevice(app.db, 'DEVICE01', 'CARD0001', 'token0001', app.now());
    await registerDevice(app.db, 'DEVICE02', 'CARD0001', 'token0002', app.now());
    await registerDevice(app.db, 'DEVICE01', 'CARD0002', 'token0001', app.now());
    await addPass(app.db, 'CARD0003', 'google', 'es', app.now());
    await addPass(app.db, 'CARD0004', 'apple', 'es', app.now());
    expect(await installs(app.db)).toEqual({ apple: 2, google: 1 });
    expect(await cardsInWallets(app.db)).toEqual(new Set(['CARD0001', 'CARD0002', 'CARD0003']));
    expect(await deviceCards(app.db, 'DEVICE01')).toEqual(['CARD0001', 'CARD0002']);
    expect(await unregisterDevice(app.db, 'DEVICE01', 'CARD0002')).toBe(true);
    expect(await unregisterDevice(app.db, 'DEVICE01', 'CARD0002')).toBe(false);
    expect(await installs(app.db)).toEqual({ apple: 1, google: 1 });
  });
});
