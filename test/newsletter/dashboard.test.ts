import { afterEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { approveIssue } from '../../src/newsletter/approval.ts';
import { newsletterPage } from '../../src/newsletter/dashboard.ts';
import { reach } from '../../src/newsletter/queries.ts';
import { sendNewsletter } from '../../src/newsletter/send.ts';
import { engines } from '../support/db.ts';
import { addCardHolder, addSubscribers, suppress } from '../support/newsletter.ts';
import { testApp } from '../support/temp.ts';

const issueOf = (id: string) => readIssues().filter((i) => i.id === id);
const params = (query: Record<string, string> = {}) => new URLSearchParams(query);
const inBothLanguages = (app: App, query: Record<string, string>) => Promise.all([newsletterPage(app, { lang: 'en', params: params(query) }), newsletterPage(app, { lang: 'es', params: params(query) })]);

describe.each(engines)('the newsletter page on %s', { timeout: 60_000 }, (engine) => {
  let app: App;
  let clock: Awaited<ReturnType<typeof testApp>>['clock'];
  const fresh = async () => ({ app, clock } = await testApp({ SESSION_SECRET: 'test-secret' }, engine));
  afterEach(() => app?.db.close());

  test('subscribers by state and language', async () => {
    await fresh();
    await addSubscribers(app.db, 6);
    await addSubscribers(app.db, 2, { status: 'pending', prefix: 'pending' });
    await addSubscribers(app.db, 4, { status: 'unsubscribed', prefix: 'gone' });
    expect((await newsletterPage(app, { lang: 'en', params: params() })).counts).toEqual({ confirmed: 6, pending: 2, unsubscribed: 4, confirmedByLocale: { en: 4, es: 2 } });
  });

  test("the trend counts each subscriber's state at the end of each month on the shop's clock: 23:30 UTC on 31 March is April in Madrid", async () => {
    await fresh();
    clock.set('2026-05-15T10:00:00Z');
    const add = (email: string, subscribed: string, confirmed: string | null, unsubscribed: string | null) =>
      app.db.query(`INSERT INTO subscribers (email, status, locale, source, subscribed_at, confirmed_at, unsubscribed_at, updated_at) VALUES ($1, $2, 'en', 'footer', $3, $4, $5, $3)`, [
        email,
        unsubscribed ? 'unsubscribed' : confirmed ? 'confirmed' : 'pending',
        subscribed,
        confirmed,
        unsubscribed,
      ]);
    await add('late@example.com', '2026-03-31T23:30:00Z', null, null);
    await add('march@example.com', '2026-03-10T10:00:00Z', '2026-03-10T10:05:00Z', '2026-04-20T10:00:00Z');
    await add('back@example.com', '2026-05-02T10:00:00Z', null, '2026-03-05T10:00:00Z');
    const { trend } = await newsletterPage(app, { lang: 'en', params: params({ unit: 'month', from: '2026-02-01', to: '2026-05-15' }) });
    expect(trend.labels).toEqual(['Feb 2026', 'Mar 2026', 'Apr 2026', 'May 2026']);
    expect({ pending: trend.pending, confirmed: trend.confirmed, unsubscribed: trend.unsubscribed }).toEqual({
      pending: [0, 0, 1, 2],
      confirmed: [0, 1, 0, 0],
      unsubscribed: [0, 1, 2, 1],
    });
  });

  test('the trend matches a plain recount of random histories, steps on the same instant and on period ends included', async () => {
    await fresh();
    clock.set('2026-05-15T10:00:00Z');
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    // Instants on a coarse grid (whole days, some exactly at a month's start in Madrid), so that steps tie.
    const instant = () => (random(8) === 0 ? new Date(Date.UTC(2026, random(4) + 1, 1) - 2 * 3_600_000) : new Date(Date.UTC(2026, 1, 1) + random(110) * 86_400_000));
    const people = Array.from({ length: 60 }, (_, n) => {
      const [subscribed, confirmed, unsubscribed] = [instant(), random(3) ? instant() : null, random(3) ? null : instant()];
      return { email: `p${n}@example.com`, subscribed, confirmed, unsubscribed };
    });
    for (const p of people) {
      await app.db.query(`INSERT INTO subscribers (email, status, locale, source, subscribed_at, confirmed_at, unsubscribed_at, updated_at) VALUES ($1, 'pending', 'en', 'footer', $2, $3, $4, $2)`, [
        p.email, p.subscribed, p.confirmed, p.unsubscribed,
      ]);
    }
    // A subscriber's state at the end of a period is that of their latest step before it; on a tie the later in
    // the order signed up, confirmed, unsubscribed.
    const ends = ['2026-03-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00', '2026-05-01T00:00:00+02:00', '2026-05-15T10:00:00Z'].map((end) => new Date(end));
    const recount = { pending: [0, 0, 0, 0], confirmed: [0, 0, 0, 0], unsubscribed: [0, 0, 0, 0] };
    for (const [i, end] of ends.entries()) {
      for (const p of people) {
        const steps = ([[p.subscribed, 'pending'], [p.confirmed, 'confirmed'], [p.unsubscribed, 'unsubscribed']] as const).filter(([at]) => at && at < end);
        const latest = steps.reduce<(typeof steps)[number] | undefined>((last, step) => (!last || step[0]! >= last[0]! ? step : last), undefined);
        if (latest) recount[latest[1]][i]! += 1;
      }
    }
    const { trend } = await newsletterPage(app, { lang: 'en', params: params({ unit: 'month', from: '2026-02-01', to: '2026-05-15' }) });
    expect({ pending: trend.pending, confirmed: trend.confirmed, unsubscribed: trend.unsubscribed }).toEqual(recount);
  });

  test('the issues sent, with their delivery figures and rates, newest first', async () => {
    await fresh();
    await app.db.query(
      `INSERT INTO newsletter_sends (issue, email, locale, status, batch_key, claimed_at, sent_at, provider_id)
       SELECT '2026-10', 'r' || i || '@x.com', 'en', 'sent', 'k', $1, $1, 'p' || i FROM generate_series(1, 4) AS i`,
      [app.now()],
    );
    await app.db.query(`INSERT INTO email_events (provider_id, event, at) VALUES ('p1', 'delivered', $1), ('p2', 'delivered', $1), ('p1', 'opened', $1)`, [app.now()]);
    await app.db.query(`INSERT INTO newsletter_runs (issue, at, trigger, outcome, sent) VALUES ('2026-10', $1, 'schedule', 'finished', 4), ('2026-11', $1, 'schedule', 'not-approved', 0)`, [app.now()]);
    const { sends } = await newsletterPage(app, { lang: 'en', params: params() });
    expect(sends.map((s) => [s.issue, s.state, s.sent, s.delivered, s.opened])).toEqual([
      ['2026-11', 'not-started', 0, 0, 0],
      ['2026-10', 'finished', 4, 2, 1],
    ]);
    expect(sends[1]!.rates).toMatchObject({ delivered: 0.5, opened: 0.5 });
    expect(sends[1]!.finished).toBe('26 Nov 2026, 11:00');
  });

  test('who approved reads as words, in both languages, never "dashboard"', async () => {
    await fresh();
    clock.set('2026-10-20T10:00:00Z');
    await approveIssue(app, issueOf('2026-11'), { via: 'dashboard' });
    const [en, es] = await inBothLanguages(app, { issue: '2026-11' });
    expect(en.panel!.status).toMatch(/^You approved it from the dashboard on 20 Oct 2026, 12:00\./);
    expect(es.panel!.status).toMatch(/^Usted lo aprobó desde el panel el 20 oct 2026, 12:00\./);
    await approveIssue(app, issueOf('2026-11'), { via: 'script', user: 'ana' });
    expect((await newsletterPage(app, { lang: 'en', params: params({ issue: '2026-11' }) })).panel!.status).toMatch(/^Approved with npm run newsletter by ana on /);
  });

  test.each([
    {
      when: 'a later month: it says when the scheduled send takes it, and offers no "Send now"',
      now: '2026-10-20T10:00:00Z',
      issue: '2026-11',
      en: 'Approved. The scheduled send sends it from 1 Nov 2026, 09:00.',
      es: 'Aprobado. El envío programado lo enviará a partir del 1 nov 2026, 9:00.',
      sendNow: false,
    },
    {
      when: 'a past month: it says plainly that the scheduled send will not send it, and offers "Send now"',
      now: '2026-11-20T10:00:00Z',
      issue: '2026-10',
      en: "Approved. The scheduled send will not send it: it takes only the current month's issue, on the 1st to the 7th. It goes out when you press “Send now”.",
      es: 'Aprobado. El envío programado no lo enviará: solo toma el número del mes en curso, del día 1 al 7. Se envía cuando usted pulse «Enviar ahora».',
      sendNow: true,
    },
  ])('approving an issue for $when', async ({ now, issue, en, es, sendNow }) => {
    await fresh();
    clock.set(now);
    await approveIssue(app, issueOf(issue), { via: 'dashboard' });
    const pages = await inBothLanguages(app, { issue, done: 'approved' });
    expect(pages.map((page) => page.notice)).toEqual([en, es]);
    expect(pages[0].panel!.actions).toEqual({ approve: false, withdraw: true, sendNow });
  });

  test('an issue not approved yet, whose days in the schedule have passed, says what approving it will mean', async () => {
    await fresh();
    clock.set('2026-11-20T10:00:00Z');
    const november = await newsletterPage(app, { lang: 'en', params: params({ issue: '2026-11' }) });
    expect(november.panel!.status).toBe('Not approved: nothing is sent until you approve it. Its days in the scheduled send have passed: once approved, it goes out only when you press “Send now”.');
  });

  test('after "Send now" the page says what the send did; a sent issue offers nothing more', async () => {
    await fresh();
    clock.set('2026-11-20T10:00:00Z');
    await addSubscribers(app.db, 3);
    await approveIssue(app, issueOf('2026-10'), { via: 'dashboard' });
    await sendNewsletter(app, { trigger: 'dashboard', issue: '2026-10', log: () => undefined });
    const [en, es] = await inBothLanguages(app, { issue: '2026-10', done: 'sent-now' });
    expect(en.notice).toBe('Sent: the issue went out to 3 subscribers.');
    expect(es.notice).toBe('Enviado: el número ha llegado a 3 suscriptores.');
    expect(en.panel).toMatchObject({ sendState: 'finished', status: 'Sent: finished on 20 Nov 2026, 11:00.', actions: { approve: false, withdraw: false, sendNow: false } });
  });

  test('the suppressed addresses, newest first, with how many there are', async () => {
    await fresh();
    await suppress(app.db, 'a@example.com', 'bounced', new Date('2026-11-01T10:00:00Z'), { detail: 'Permanent' });
    await suppress(app.db, 'b@example.com', 'complained', new Date('2026-11-02T10:00:00Z'), { issue: '2026-11' });
    const { suppressions } = await newsletterPage(app, { lang: 'en', params: params() });
    expect(suppressions).toEqual({
      total: 2,
      latest: [
        { email: 'b@example.com', reason: 'complained', detail: null, issue: '2026-11', when: '2 Nov 2026, 11:00' },
        { email: 'a@example.com', reason: 'bounced', detail: 'Permanent', issue: null, when: '1 Nov 2026, 11:00' },
      ],
    });
  });
});

describe.each(engines)('who an issue reaches, on %s', { timeout: 30_000 }, (engine) => {
  let app: App;
  afterEach(() => app?.db.close());

  test.each([
    ['all', { en: 5, es: 1 }],
    ['en', { en: 5, es: 0 }],
    ['es', { en: 0, es: 1 }],
    ['card-holders', { en: 4, es: 0 }],
    ['lapsed', { en: 2, es: 0 }],
  ] as const)('%s reaches %j: confirmed, never suppressed, in the segment', async (kind, expected) => {
    ({ app } = await testApp({}, engine));
    const now = new Date('2026-11-26T10:00:00Z');
    await app.db.query(
      `INSERT INTO subscribers (email, status, locale, source, subscribed_at, confirmed_at, updated_at)
       VALUES ('regular@x.com', 'confirmed', 'en', 'card', $1, $1, $1), ('drifted@x.com', 'confirmed', 'en', 'card', $1, $1, $1),
              ('never@x.com', 'confirmed', 'en', 'card', $1, $1, $1), ('new@x.com', 'confirmed', 'en', 'card', $1, $1, $1),
              ('reader@x.com', 'confirmed', 'en', 'footer', $1, $1, $1), ('lector@x.es', 'confirmed', 'es', 'footer', $1, $1, $1),
              ('pending@x.com', 'pending', 'en', 'footer', $1, NULL, $1), ('bounced@x.com', 'confirmed', 'en', 'card', $1, $1, $1)`,
      ['2026-01-01T10:00:00Z'],
    );
    await addCardHolder(app.db, { card: 'c1', email: 'regular@x.com', registeredAt: '2026-01-10T10:00:00Z', stamps: ['2026-09-01T10:00:00Z', '2026-11-20T10:00:00Z'] });
    await addCardHolder(app.db, { card: 'c2', email: 'drifted@x.com', registeredAt: '2026-01-10T10:00:00Z', stamps: ['2026-09-01T10:00:00Z'] });
    // A second card of the same person, registered later and never stamped: the stamp on the first one counts.
    await addCardHolder(app.db, { card: 'c3', email: 'drifted@x.com', registeredAt: '2026-11-01T10:00:00Z' });
    await addCardHolder(app.db, { card: 'c4', email: 'never@x.com', registeredAt: '2026-08-01T10:00:00Z' });
    await addCardHolder(app.db, { card: 'c5', email: 'new@x.com', registeredAt: '2026-11-25T10:00:00Z' });
    await addCardHolder(app.db, { card: 'c6', email: 'bounced@x.com', registeredAt: '2026-01-10T10:00:00Z' });
    await suppress(app.db, 'bounced@x.com', 'bounced', now);
    expect(await reach(app.db, { kind, lapsedDays: 60 }, new Date(now.getTime() - 60 * 86_400_000))).toEqual(expected);
  });
});
