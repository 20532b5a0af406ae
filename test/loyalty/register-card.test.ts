import { describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { cardRegistration } from '../../src/loyalty/queries.ts';
import { CHANGE_TTL_MS, confirmRegistrationChange, pendingChange, registerCard } from '../../src/loyalty/register-card.ts';
import type { RegistrationDetails } from '../../src/loyalty/registration.ts';
import { engines, rowCounts } from '../support/db.ts';
import { codeFor, loyaltyApps, openConnections } from '../support/loyalty.ts';
import { readOutbox } from '../support/temp.ts';

const code = codeFor('K7M2Q9XA');
const ana: RegistrationDetails = { name: 'Ana García', email: 'ana@example.com', birthday: { day: 29, month: 2 }, language: 'es', newsletter: false };
const mallory: RegistrationDetails = { name: 'Mallory', email: 'mallory@example.com', birthday: null, language: 'en', newsletter: false };
const customer = { client: '192.0.2.1', staff: false };
const staff = { client: '192.0.2.1', staff: true };

/** The token in the confirmation link emailed to `to`. */
async function linkTo(dataDir: string, to: string): Promise<string> {
  const email = (await readOutbox(dataDir)).findLast((message) => message.headers.to === to && message.text.includes('/api/cards/registration/confirm'));
  const token = /confirm\?token=([\w-]+)/.exec(email?.text ?? '')?.[1];
  if (!token) throw new Error(`no confirmation link to ${to}`);
  return token;
}

describe.each(engines)('%s', (engine) => {
  const fresh = loyaltyApps(engine);
  const emailOf = async (app: App) => (await cardRegistration(app.db, 'K7M2Q9XA'))?.email;

  describe('registerCard()', () => {
    test("registers a card nobody registered, with the code alone (creating the card's row)", async () => {
      const { app } = fresh();
      expect(await registerCard(app, code, ana, customer)).toEqual({ ok: true, outcome: 'registered' });
      expect(await cardRegistration(app.db, 'K7M2Q9XA')).toEqual({
        card: 'K7M2Q9XA', ...ana, registeredAt: new Date('2026-11-26T10:00:00Z'), updatedAt: new Date('2026-11-26T10:00:00Z'),
      });
      expect(await app.db.query(`SELECT id, origin FROM cards`)).toEqual([{ id: 'K7M2Q9XA', origin: 'printed' }]);
    });

    test("with the code alone, a registered card's details do not change: its registered address is asked to confirm, in its language", async () => {
      const { app, dataDir } = fresh();
      await registerCard(app, code, ana, customer);
      expect(await registerCard(app, code, mallory, customer)).toEqual({ ok: true, outcome: 'confirm-sent' });
      expect(await emailOf(app)).toBe('ana@example.com');
      const [confirmation, ...more] = (await readOutbox(dataDir)).filter((message) => message.headers.to === 'ana@example.com');
      expect(more).toEqual([]);
      expect(confirmation!.headers.subject).toBe('Confirme los nuevos datos de su tarjeta K7M2 Q9XA');
      expect(confirmation!.text).toContain('Mallory, mallory@example.com');
      // The shop's clock: 24 hours from 10:00 UTC is 11:00 in Madrid.
      expect(confirmation!.text).toContain('27 de noviembre de 2026 a las 11:00');
      expect((await readOutbox(dataDir)).some((message) => message.headers.to === 'mallory@example.com')).toBe(false);
      // Only the token's hash is kept.
      const token = await linkTo(dataDir, 'ana@example.com');
      expect(JSON.stringify(await app.db.query('SELECT * FROM card_registration_changes'))).not.toContain(token);
    });

    test('the same details again change nothing and send nothing', async () => {
      const { app, dataDir } = fresh();
      await registerCard(app, code, ana, customer);
      const before = await rowCounts(app.db);
      expect(await registerCard(app, code, ana, customer)).toEqual({ ok: true, outcome: 'unchanged' });
      expect(await registerCard(app, code, ana, staff)).toEqual({ ok: true, outcome: 'unchanged' });
      expect(await rowCounts(app.db)).toEqual(before);
      expect(await readOutbox(dataDir)).toEqual([]);
    });

    test('staff change the details at once, and the address they replace is told', async () => {
      const { app, clock, dataDir } = fresh();
      await registerCard(app, code, ana, customer);
      clock.advance(3_600_000);
      expect(await registerCard(app, code, { ...ana, email: 'ana.new@example.com' }, staff)).toEqual({ ok: true, outcome: 'changed' });
      expect(await cardRegistration(app.db, 'K7M2Q9XA')).toMatchObject({ email: 'ana.new@example.com', registeredAt: new Date('2026-11-26T10:00:00Z'), updatedAt: new Date('2026-11-26T11:00:00Z') });
      const [notice] = (await readOutbox(dataDir)).filter((message) => message.headers.to === 'ana@example.com');
      expect(notice!.headers.subject).toBe('Los datos de su tarjeta K7M2 Q9XA han cambiado');
      expect(notice!.text).toContain('26 de noviembre de 2026 a las 12:00');
      expect(notice!.text).toContain('otra dirección de correo');
    });

    test('a forged code stores nothing', async () => {
      const { app } = fresh();
      const before = await rowCounts(app.db);
      expect(await registerCard(app, 'K7M2Q9XAforgedsig0', ana, customer)).toEqual({ ok: false, reason: 'invalid-code' });
      expect(await rowCounts(app.db)).toEqual(before);
    });
  });

  describe('confirmRegistrationChange()', () => {
    test("applies the change once, tells the address it replaced, and answers the card's code", async () => {
      const { app, dataDir } = fresh();
      await registerCard(app, code, ana, customer);
      await registerCard(app, code, mallory, customer);
      const token = await linkTo(dataDir, 'ana@example.com');
      expect(await pendingChange(app, token)).toEqual({ card: 'K7M2Q9XA', details: mallory });
      expect(await confirmRegistrationChange(app, token, '192.0.2.1')).toMatchObject({ ok: true, code, registration: { email: 'mallory@example.com', name: 'Mallory' } });
      expect(await emailOf(app)).toBe('mallory@example.com');
      expect((await readOutbox(dataDir)).filter((message) => message.headers.to === 'ana@example.com').map((message) => message.headers.subject)).toEqual([
        'Confirme los nuevos datos de su tarjeta K7M2 Q9XA',
        'Los datos de su tarjeta K7M2 Q9XA han cambiado',
      ]);
      expect(await confirmRegistrationChange(app, token, '192.0.2.1')).toEqual({ ok: false, reason: 'gone' });
      expect(await pendingChange(app, token)).toBeUndefined();
    });

    test('10 clicks on the link at once apply it once and send one notice', async () => {
      const { app, dataDir } = fresh();
      await registerCard(app, code, ana, customer);
      await registerCard(app, code, mallory, customer);
      const token = await linkTo(dataDir, 'ana@example.com');
      await openConnections(app.db);
      const results = await Promise.all(Array.from({ length: 10 }, () => confirmRegistrationChange(app, token, '192.0.2.1')));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect((await readOutbox(dataDir)).filter((message) => message.headers.subject?.includes('han cambiado'))).toHaveLength(1);
    });

    test('an expired link applies nothing', async () => {
      const { app, clock, dataDir } = fresh();
      await registerCard(app, code, ana, customer);
      await registerCard(app, code, mallory, customer);
      const token = await linkTo(dataDir, 'ana@example.com');
      clock.advance(CHANGE_TTL_MS);
      expect(await pendingChange(app, token)).toBeUndefined();
      expect(await confirmRegistrationChange(app, token, '192.0.2.1')).toEqual({ ok: false, reason: 'gone' });
      expect(await emailOf(app)).toBe('ana@example.com');
    });

    test('a newer request replaces the earlier one; a staff change replaces both', async () => {
      const { app, dataDir } = fresh();
      await registerCard(app, code, ana, customer);
      await registerCard(app, code, mallory, customer);
      const first = await linkTo(dataDir, 'ana@example.com');
      await registerCard(app, code, { ...mallory, name: 'Mallory Two' }, customer);
      const second = await linkTo(dataDir, 'ana@example.com');
      expect(second).not.toBe(first);
      expect(await pendingChange(app, first)).toBeUndefined();
      expect(await pendingChange(app, second)).toMatchObject({ details: { name: 'Mallory Two' } });
      await registerCard(app, code, { ...ana, name: 'Ana G.' }, staff);
      expect(await confirmRegistrationChange(app, second, '192.0.2.1')).toEqual({ ok: false, reason: 'gone' });
      expect(await cardRegistration(app.db, 'K7M2Q9XA')).toMatchObject({ name: 'Ana G.', email: 'ana@example.com' });
    });
  });
});
