import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { outboxMailer } from '../../src/email/outbox-mailer.ts';
import { erasePerson, findPerson, listErasures } from '../../src/privacy/privacy.ts';
import { engines } from '../support/db.ts';
import { testApp } from '../support/temp.ts';

const at = new Date('2026-11-20T10:00:00Z');

/** Two people whose addresses overlap as text (ana@x.com is inside juana@x.com), in every table that can hold an address. */
async function seed(app: App): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => app.db.query(sql, params);
  for (const [n, email, name] of [[1, 'ana@x.com', 'Ana Ruiz'], [2, 'juana@x.com', 'Juana Gil']] as const) {
    const id = `00000000-0000-4000-8000-00000000000${n}`;
    await q(`INSERT INTO responses (id, survey, locale, answers, submitted_at, complaint, contact_name, contact_email, contact_locale)
             VALUES ($1, 'feedback', 'es', $2, $3, true, $4, $5, 'es')`, [id, JSON.stringify({ nps: 2, wrong: `Escríbame a ${email}, soy ${name}` }), at, name, email]);
    await q(`INSERT INTO followups (response_id, reasons, created_at, emailed_at, email_subject, email_text) VALUES ($1, '[]', $2, $2, 'Sobre su visita', $3)`, [id, at, `Hola ${name}, le escribo sobre su visita`]);
    await q(`INSERT INTO followup_notes (response_id, at, text) VALUES ($1, $2, $3)`, [id, at, `Llamé a ${name} (${email})`]);
    await q(`INSERT INTO cards (id, origin, created_at) VALUES ($1, 'printed', $2)`, [`CARD000${n}`, at]);
    await q(`INSERT INTO card_events (card_id, type, seq, at, idempotency_key) VALUES ($1, 'stamp', 1, $2, $3)`, [`CARD000${n}`, at, `key-${n}-0001`]);
    await q(`INSERT INTO card_registrations (card_id, name, email, locale, newsletter, registered_at, updated_at) VALUES ($1, $2, $3, 'es', true, $4, $4)`, [`CARD000${n}`, name, email, at]);
    await q(`INSERT INTO card_registration_changes (token_hash, card_id, details, requested_at, expires_at) VALUES ($1, $2, $3, $4, $4)`, [`hash-${n}`, `CARD000${n}`, JSON.stringify({ email, name }), at]);
    await q(`INSERT INTO subscribers (email, status, locale, source, subscribed_at, updated_at) VALUES ($1, 'confirmed', 'es', 'card', $2, $2)`, [email, at]);
    await q(`INSERT INTO newsletter_sends (issue, email, locale, status, batch_key, claimed_at) VALUES ('2026-11', $1, 'es', 'sent', 'b1', $2)`, [email, at]);
    await q(`INSERT INTO birthday_greetings (year, email, locale, status, key, at) VALUES (2026, $1, 'es', 'sent', 'k', $2)`, [email, at]);
    await q(`INSERT INTO suppressions (email, reason, at) VALUES ($1, 'bounced', $2)`, [email, at]);
    await q(`INSERT INTO win_back_sends (email, lapse_from, status, key, at) VALUES ($1, $2, 'sent', 'k', $2)`, [email, at]);
  }
}

/** Every row of every table as text. */
async function everything(app: App): Promise<string> {
  const tables = await app.db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
  const dumps = await Promise.all(tables.map(({ table_name }) => app.db.query(`SELECT row_to_json(t)::text AS row FROM "${String(table_name)}" t`)));
  return dumps.flat().map((row) => String(row.row)).join('\n');
}

const whole = (email: string) => new RegExp(`(?<![\\w.+-])${email.replace(/[.]/g, '\\.')}`, 'i');

describe.each(engines)('privacy on %s', (engine) => {
  let made: Awaited<ReturnType<typeof testApp>>;
  afterEach(() => made.app.db.close());

  const withOutbox = async () => {
    made = await testApp({}, engine);
    const mailer = outboxMailer({ directory: join(made.dataDir, 'outbox'), from: 'shop@x.com', log: () => undefined });
    const app: App = { ...made.app, mailer };
    await seed(app);
    for (const to of ['ana@x.com', 'juana@x.com']) await mailer.send({ to, subject: 'Hola', text: `Hola ${to}`, html: `<p>Hola ${to}</p>` });
    return app;
  };

  test('findPerson() finds the address whole, in every table, not inside another address', async () => {
    const app = await withOutbox();
    const found = (await findPerson(app, ' Ana@X.com '))!;
    expect(found.email).toBe('ana@x.com');
    expect(found.subscriber?.email).toBe('ana@x.com');
    expect(found.cards.map((card) => [card.card_id, card.events.length])).toEqual([['CARD0001', 1]]);
    expect(found.responses.map((r) => r.contact_email)).toEqual(['ana@x.com']);
    expect(found.followups).toHaveLength(1);
    expect([found.birthdayGreetings.length, found.newsletterSends.length, found.winBackSends.length, Boolean(found.suppression)]).toEqual([1, 1, 1, true]);
    expect(await findPerson(app, 'not an address')).toBeUndefined();
  });

  test('erasePerson() leaves no trace of the address or the name, nor an unkeyed hash of the address, and keeps the other person', async () => {
    const app = await withOutbox();
    const erased = (await erasePerson(app, 'ana@x.com'))!;
    expect(erased).toMatchObject({ subscriber: 1, registrations: 1, registrationChanges: 1, responseContacts: 1, followupEmails: 1, answersScrubbed: 1, notesScrubbed: 1, birthdayGreetings: 1, newsletterSends: 1, suppressedAddress: 1, winBackSends: 1, outboxFiles: 1 });
    const dump = await everything(app);
    expect(dump).not.toMatch(whole('ana@x.com'));
    expect(dump).not.toContain('Ana Ruiz');
    expect(dump).not.toContain(createHash('sha256').update('ana@x.com').digest('hex').slice(0, 12));
    expect(dump).toContain('juana@x.com');
    expect(dump).toContain('Juana Gil');
    // The anonymous answers stay: the figures do not change.
    expect(await app.db.query("SELECT count(*)::int AS n FROM responses WHERE (answers->>'nps')::int = 2")).toEqual([{ n: 2 }]);
    expect(await app.db.query('SELECT count(*)::int AS n FROM card_events')).toEqual([{ n: 2 }]);
    const outbox = await readdir(join(made.dataDir, 'outbox'));
    expect(outbox.filter((name) => name.endsWith('.eml'))).toHaveLength(1);
    expect(await findPerson(app, 'ana@x.com')).toMatchObject({ subscriber: undefined, cards: [], responses: [], followups: [] });
  });

  test('the erasure log keeps a keyed code, the same for the same person', async () => {
    const app = await withOutbox();
    await erasePerson(app, 'ana@x.com');
    await erasePerson(app, 'ANA@x.com');
    const [second, first] = await listErasures(app);
    expect(first!.person).toBe(second!.person);
    expect(first!.person).not.toContain('ana');
    expect(second!.erased.subscriber).toBe(0);
  });
});
