import { afterEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { rates } from '../../src/newsletter/delivery-figures.ts';
import { issueSends, latestSuppressions } from '../../src/newsletter/queries.ts';
import { recordResendEvent } from '../../src/newsletter/resend-events.ts';
import type { ResendEvent } from '../../src/newsletter/resend-webhook.ts';
import { engines } from '../support/db.ts';
import { testApp } from '../support/temp.ts';

/** An event about the email Resend knows as `emailId`, sent to `to`, tagged as the issue's (as the send tags it). */
const event = (type: string, emailId: string, to: string, extra: Partial<ResendEvent['data']> = {}): ResendEvent => ({
  type,
  created_at: '2026-11-01T09:00:00Z',
  data: { email_id: emailId, to: [to], tags: [{ name: 'kind', value: 'newsletter' }, { name: 'issue', value: '2026-11' }], ...extra },
});

describe.each(engines)("Resend's webhook events on %s", { timeout: 30_000 }, (engine) => {
  let app: App;
  afterEach(() => app?.db.close());

  /** Five emails of issue 2026-11 sent (ids e0…e4), and one that failed for good. */
  async function sentIssue() {
    ({ app } = await testApp({}, engine));
    await app.db.query(
      `INSERT INTO newsletter_sends (issue, email, locale, status, batch_key, claimed_at, sent_at, provider_id)
       SELECT '2026-11', 'reader' || i || '@example.com', 'en', 'sent', 'k', $1, $1, 'e' || i FROM generate_series(0, 4) AS i`,
      [app.now()],
    );
    await app.db.query(`INSERT INTO newsletter_sends (issue, email, locale, status, batch_key, claimed_at, error) VALUES ('2026-11', 'bad@example.com', 'en', 'failed', 'k', $1, '422 invalid')`, [app.now()]);
  }
  const figures = async () => (await issueSends(app.db)).find((row) => row.issue === '2026-11')!;

  test('a hard bounce suppresses the address at once, with the provider\'s words and the issue, and counts in the issue', async () => {
    await sentIssue();
    const bounce = { type: 'Permanent', subType: 'General', message: 'Mailbox does not exist' };
    expect(await recordResendEvent(app, 'msg_1', event('email.bounced', 'e0', 'Reader0@Example.com', { bounce }))).toBe('recorded');
    expect((await latestSuppressions(app.db, 10)).latest).toEqual([expect.objectContaining({ email: 'reader0@example.com', reason: 'bounced', issue: '2026-11', detail: 'Permanent: General: Mailbox does not exist' })]);
    expect(await figures()).toMatchObject({ sent: 5, failed: 1, bounced: 1 });
  });

  test('a complaint suppresses; a transient bounce (a full mailbox) is counted but does not; the first reason stays', async () => {
    await sentIssue();
    await recordResendEvent(app, 'msg_1', event('email.complained', 'e1', 'reader1@example.com'));
    await recordResendEvent(app, 'msg_2', event('email.bounced', 'e2', 'reader2@example.com', { bounce: { type: 'Transient', subType: 'MailboxFull' } }));
    await recordResendEvent(app, 'msg_3', event('email.bounced', 'e1', 'reader1@example.com', { bounce: { type: 'Permanent' } }));
    expect((await latestSuppressions(app.db, 10)).latest.map((s) => [s.email, s.reason])).toEqual([['reader1@example.com', 'complained']]);
    expect(await figures()).toMatchObject({ complained: 1, bounced: 2 });
  });

  test('delivered, opened and clicked count once per email, however often a reader opens it; rates come from the counts', async () => {
    await sentIssue();
    for (const [i, type] of ['email.delivered', 'email.opened', 'email.opened', 'email.clicked', 'email.opened'].entries()) await recordResendEvent(app, `msg_a${i}`, event(type, 'e3', 'reader3@example.com'));
    await recordResendEvent(app, 'msg_b', event('email.delivered', 'e4', 'reader4@example.com'));
    const row = await figures();
    expect(row).toMatchObject({ sent: 5, delivered: 2, opened: 1, clicked: 1 });
    expect(rates(row)).toMatchObject({ delivered: 0.4, opened: 0.5, clicked: 0.5 });
  });

  test('the same delivery 20 times at once (svix retries, a replay): applied once, answered "duplicate" after', async () => {
    await sentIssue();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => recordResendEvent(app, 'msg_same', event('email.complained', 'e0', 'reader0@example.com'))));
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);
    expect(await app.db.query('SELECT count(*)::int AS n FROM webhook_deliveries')).toEqual([{ n: 1 }]);
    expect((await figures()).complained).toBe(1);
  });

  test('events of other emails (a birthday greeting) count in no issue; events the kit does not use are ignored', async () => {
    await sentIssue();
    expect(await recordResendEvent(app, 'msg_1', { type: 'email.delivered', created_at: '2026-11-01T09:00:00Z', data: { email_id: 'birthday-1', to: ['ana@example.com'], tags: [{ name: 'kind', value: 'birthday' }] } })).toBe('recorded');
    expect(await recordResendEvent(app, 'msg_2', { type: 'domain.updated', created_at: '2026-11-01T09:00:00Z', data: {} })).toBe('ignored');
    expect((await figures()).delivered).toBe(0);
  });

  test('deliveries older than 30 days are forgotten by a later one', async () => {
    await sentIssue();
    await recordResendEvent(app, 'msg_old', event('email.delivered', 'e0', 'reader0@example.com'));
    app = { ...app, now: () => new Date(Date.parse('2026-11-26T10:00:00Z') + 31 * 86_400_000) };
    await recordResendEvent(app, 'msg_new', event('email.delivered', 'e1', 'reader1@example.com'));
    expect(await app.db.query('SELECT id FROM webhook_deliveries')).toEqual([{ id: 'msg_new' }]);
  });
});
