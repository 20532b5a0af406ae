import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readIssues } from '../../src/catalog/newsletter.ts';
import type { Db } from '../../src/db/db.ts';
import { approveIssue, withdrawApproval } from '../../src/newsletter/approval.ts';
import { approvalOf, claimBatch, takeLease } from '../../src/newsletter/queries.ts';
import { LEASE_MS, sendNewsletter, type SendNewsletterOptions } from '../../src/newsletter/send.ts';
import { engines, rowCounts } from '../support/db.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { addSubscribers, suppress } from '../support/newsletter.ts';
import { testApp } from '../support/temp.ts';

const env = { RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', SITE_URL: 'https://brasa.example', SESSION_SECRET: 'test-secret' };
const owner = { via: 'dashboard' } as const;
const issueOf = (id: string) => readIssues().filter((i) => i.id === id);

/** Each address's count of emails of one issue (the List-Unsubscribe header marks a newsletter). */
const received = (fake: FakeResend) => {
  const counts = new Map<string, number>();
  for (const email of fake.delivered.filter((e) => e.headers?.['List-Unsubscribe'])) counts.set(String(email.to), (counts.get(String(email.to)) ?? 0) + 1);
  return counts;
};
const eachOnce = (fake: FakeResend, emails: readonly string[]) => {
  const counts = received(fake);
  return emails.filter((email) => counts.get(email) !== 1);
};
const newsletterCalls = (fake: FakeResend) => fake.calls.filter((c) => c.idempotencyKey?.startsWith('newsletter-2026-11-') && c.path === '/emails/batch');
const sendRows = async (db: Db) => (await db.query(`SELECT status, count(*)::int AS n FROM newsletter_sends GROUP BY status ORDER BY status`)).map((r) => [r.status, r.n]);

/**
 * The app with a database that stops answering when the run goes to record batch `batches + 1` as sent (the
 * provider accepted it): the run is killed there, with that batch claimed and nothing after it.
 */
function killedAfter(app: App, batches: number): App {
  let marked = 0;
  let dead = false;
  const db: Db = {
    query: async (text, params) => {
      if (text.includes("SET status = 'sent'") && ++marked > batches) dead = true;
      if (dead) throw new Error('the function was stopped');
      return app.db.query(text, params);
    },
    close: () => app.db.close(),
  };
  return { ...app, db };
}

describe.each(engines)('sendNewsletter() on %s, against a fake Resend', { timeout: 60_000 }, (engine) => {
  let fake: FakeResend;
  let app: App;
  let clock: Awaited<ReturnType<typeof testApp>>['clock'];
  const sleeps: number[] = [];
  const quiet = { trigger: 'script', sleep: async (ms: number) => void sleeps.push(ms), log: () => undefined } satisfies SendNewsletterOptions;
  const approve = () => approveIssue(app, issueOf('2026-11'), owner);

  beforeEach(async () => {
    fake = await startFakeResend({ rejectAddress: (to) => to.startsWith('bounce') });
    ({ app, clock } = await testApp({ ...env, RESEND_BASE_URL: fake.url }, engine));
    clock.set('2026-11-01T08:00:00Z');
    sleeps.length = 0;
    await approve();
  });
  afterEach(async () => {
    await fake.close();
    await app.db.close();
  });

  test('sends every confirmed subscriber the issue once, in their language, in batches of at most 100', async () => {
    const confirmed = await addSubscribers(app.db, 250);
    const others = [...(await addSubscribers(app.db, 3, { status: 'pending', prefix: 'pending' })), ...(await addSubscribers(app.db, 3, { status: 'unsubscribed', prefix: 'gone' }))];
    expect(await sendNewsletter(app, quiet)).toMatchObject({ issue: '2026-11', outcome: 'finished', sent: 250, failed: 0, remaining: 0 });
    expect(newsletterCalls(fake).map((c) => c.count)).toEqual([100, 100, 50]);
    expect(eachOnce(fake, confirmed)).toEqual([]);
    expect(others.filter((email) => received(fake).has(email))).toEqual([]);
    const subjects = new Map(issueOf('2026-11').map((i) => [i.locale, i.data.subject]));
    for (const email of fake.delivered.filter((e) => e.headers?.['List-Unsubscribe'])) {
      expect(email.subject).toBe(subjects.get(Number(/reader(\d+)/.exec(String(email.to))![1]) % 3 === 0 ? 'es' : 'en'));
    }
    expect(await sendRows(app.db)).toEqual([['sent', 250]]);
  });

  test('every newsletter email has a visible unsubscribe link, both RFC 8058 headers and its issue in the tags', async () => {
    await addSubscribers(app.db, 5);
    await sendNewsletter(app, quiet);
    const emails = fake.delivered.filter((e) => e.headers?.['List-Unsubscribe']);
    expect(emails).toHaveLength(5);
    for (const email of emails) {
      const link = /^<(https:\/\/brasa\.example\/api\/unsubscribe\?token=[^>]+)>$/.exec(email.headers!['List-Unsubscribe']!)?.[1];
      expect(link).toMatch(/&lang=(en|es)$/);
      expect(email.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(email.html).toContain(`href="${link!.replace(/&/g, '&amp;')}"`);
      expect(email.text).toContain(link);
      expect(email.tags).toEqual([{ name: 'kind', value: 'newsletter' }, { name: 'issue', value: '2026-11' }]);
      expect(Buffer.byteLength(email.html)).toBeLessThan(100 * 1024);
    }
  });

  test('two runs at once: one sends, the other finds the send taken; every address gets it exactly once', async () => {
    const confirmed = await addSubscribers(app.db, 320);
    const reports = await Promise.all([sendNewsletter(app, quiet), sendNewsletter(app, quiet)]);
    expect(reports.map((r) => r.outcome).sort()).toEqual(['busy', 'finished']);
    expect(eachOnce(fake, confirmed)).toEqual([]);
  });

  test('a run killed after its 2nd batch: the next run waits for its lease, resends what it had claimed with the same key, and everyone gets it exactly once', async () => {
    const confirmed = await addSubscribers(app.db, 450);
    await expect(sendNewsletter(killedAfter(app, 2), quiet)).rejects.toThrow('the function was stopped');
    expect(received(fake).size).toBe(300);
    // The killed run still holds the send until its lease runs out.
    expect((await sendNewsletter(app, quiet)).outcome).toBe('busy');
    clock.advance(LEASE_MS + 1000);
    const keysBefore = newsletterCalls(fake).map((c) => c.idempotencyKey);
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'finished', remaining: 0 });
    expect(eachOnce(fake, confirmed)).toEqual([]);
    // Its third batch was accepted by Resend but never recorded: resent under the key it had, delivered once.
    expect(newsletterCalls(fake)[keysBefore.length]!.idempotencyKey).toBe(keysBefore[2]);
    expect(await sendRows(app.db)).toEqual([['sent', 450]]);
  });

  test('a crash after batch k (the connection dies after Resend accepted it), then a re-run: everyone exactly once, with the same keys', async () => {
    const confirmed = await addSubscribers(app.db, 450);
    fake.crashAfter(2);
    expect((await sendNewsletter(app, { ...quiet, maxAttempts: 2 })).outcome).toBe('stopped');
    const keysBefore = newsletterCalls(fake).map((c) => c.idempotencyKey);
    fake.crashAfter(undefined);
    expect((await sendNewsletter(app, quiet)).outcome).toBe('finished');
    expect(eachOnce(fake, confirmed)).toEqual([]);
    expect(keysBefore).toContain(newsletterCalls(fake)[keysBefore.length]!.idempotencyKey);
    expect(new Set(newsletterCalls(fake).map((c) => c.idempotencyKey)).size).toBe(5);
  });

  test('a re-run of a finished issue sends nothing', async () => {
    await addSubscribers(app.db, 10);
    await sendNewsletter(app, quiet);
    const calls = fake.calls.length;
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'already-sent', sent: 0 });
    expect(fake.calls.length).toBe(calls);
  });

  test('429 and 500 answers are retried with growing waits, a 429 at least as long as its Retry-After', async () => {
    const confirmed = await addSubscribers(app.db, 120);
    fake.fail(429, 500, 429);
    expect(await sendNewsletter(app, { ...quiet, backoffBaseMs: 10 })).toMatchObject({ outcome: 'finished', rateLimited: 2 });
    expect(sleeps).toEqual([1000, 20, 1000]);
    expect(eachOnce(fake, confirmed)).toEqual([]);
  });

  test('a provider outage stops the run; the next run resumes', async () => {
    const confirmed = await addSubscribers(app.db, 150);
    fake.fail(500, 500, 500);
    expect(await sendNewsletter(app, { ...quiet, maxAttempts: 3 })).toMatchObject({ outcome: 'stopped', sent: 0 });
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'finished', sent: 150 });
    expect(eachOnce(fake, confirmed)).toEqual([]);
  });

  test('an address refused for good is recorded and not retried; the rest of its batch is delivered', async () => {
    const confirmed = await addSubscribers(app.db, 30);
    await addSubscribers(app.db, 1, { prefix: 'bounce' });
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'finished', sent: 30, failed: 1 });
    expect(eachOnce(fake, confirmed)).toEqual([]);
    expect(await app.db.query(`SELECT email, error FROM newsletter_sends WHERE status = 'failed'`)).toEqual([{ email: 'bounce0@example.com', error: expect.stringMatching(/^422 /) }]);
  });

  test('one run at a time: a live lease makes a second run wait; an expired one is taken over', async () => {
    await addSubscribers(app.db, 5);
    expect(await takeLease(app.db, '2026-11', 'other', app.now(), new Date(app.now().getTime() + LEASE_MS))).toBe(true);
    expect((await sendNewsletter(app, quiet)).outcome).toBe('busy');
    expect(fake.calls).toHaveLength(0);
    clock.advance(LEASE_MS + 1000);
    expect((await sendNewsletter(app, quiet)).outcome).toBe('finished');
  });

  test('with no issue for the month nothing is sent, and the owner is told once where to write it', async () => {
    await addSubscribers(app.db, 5);
    clock.set('2027-01-01T08:00:00Z');
    expect((await sendNewsletter(app, { ...quiet, trigger: 'schedule' })).outcome).toBe('no-issue');
    expect((await sendNewsletter(app, { ...quiet, trigger: 'schedule' })).outcome).toBe('no-issue');
    expect(fake.delivered.map((e) => e.to)).toEqual(['owner@brasa.example']);
    expect(fake.delivered[0]!.subject).toContain('2027-01');
    expect(fake.delivered[0]!.text).toContain('https://brasa.example/admin/content/');
    expect(fake.delivered[0]!.text).not.toMatch(/deploy|\.md/);
  });

  test('a dry run counts who would get it and writes and sends nothing', async () => {
    await addSubscribers(app.db, 230);
    const before = await rowCounts(app.db);
    const report = await sendNewsletter(app, { ...quiet, dryRun: true });
    expect(report).toMatchObject({ outcome: 'dry-run', plan: { en: 153, es: 77 }, remaining: 230 });
    expect(fake.calls).toHaveLength(0);
    expect(await rowCounts(app.db)).toEqual(before);
  });

  test('a time budget pauses between batches and the next run carries on', async () => {
    const confirmed = await addSubscribers(app.db, 250);
    expect(await sendNewsletter(app, { ...quiet, budgetMs: 0 })).toMatchObject({ outcome: 'paused', sent: 0, remaining: 250 });
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'finished', sent: 250 });
    expect(eachOnce(fake, confirmed)).toEqual([]);
  });

  test('a wait that would pass the time budget pauses the run; the next run resends that batch with its key', async () => {
    const confirmed = await addSubscribers(app.db, 150);
    let now = 0;
    const timed = { ...quiet, clock: () => now, sleep: async (ms: number) => void (now += ms) };
    fake.fail(429);
    expect(await sendNewsletter(app, { ...timed, budgetMs: 500 })).toMatchObject({ outcome: 'paused', sent: 0, rateLimited: 1 });
    expect(await sendNewsletter(app, timed)).toMatchObject({ outcome: 'finished', sent: 150 });
    expect(eachOnce(fake, confirmed)).toEqual([]);
    const keys = newsletterCalls(fake).map((c) => c.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
  });

  test('the owner hears once that the send finished', async () => {
    await addSubscribers(app.db, 3);
    await sendNewsletter(app, quiet);
    const notices = fake.delivered.filter((e) => e.to === 'owner@brasa.example');
    expect(notices.map((e) => e.subject)).toEqual(['Newsletter 2026-11 sent to 3 subscribers']);
  });

  test('nothing is sent before the owner approves the issue; a scheduled run reminds the owner once', async () => {
    await addSubscribers(app.db, 5);
    await withdrawApproval(app, '2026-11', owner);
    const schedule = { ...quiet, trigger: 'schedule' } as const;
    expect(await sendNewsletter(app, schedule)).toMatchObject({ outcome: 'not-approved', sent: 0 });
    expect(await sendNewsletter(app, schedule)).toMatchObject({ outcome: 'not-approved', sent: 0 });
    expect(fake.delivered.map((e) => [e.to, e.subject])).toEqual([['owner@brasa.example', 'Newsletter 2026-11 is waiting for your approval']]);
    await approve();
    expect(await sendNewsletter(app, schedule)).toMatchObject({ outcome: 'finished', sent: 5 });
  });

  test('an issue edited after its approval waits for a new one', async () => {
    await addSubscribers(app.db, 5);
    const edited = readIssues().map((i) => (i.id === '2026-11' && i.locale === 'es' ? { ...i, body: `${i.body}\n\nPosdata.` } : i));
    expect(await sendNewsletter(app, { ...quiet, issues: edited })).toMatchObject({ outcome: 'not-approved', message: expect.stringContaining('edited after it was approved') });
    expect(fake.calls).toHaveLength(0);
  });

  test('withdrawing the approval during a send stops it before the next batch', async () => {
    await addSubscribers(app.db, 250);
    const withdrawing: App = {
      ...app,
      mailer: {
        ...app.mailer,
        async sendBatch(messages, options) {
          const result = await app.mailer.sendBatch(messages, options);
          await withdrawApproval(app, '2026-11', owner);
          return result;
        },
      },
    };
    expect(await sendNewsletter(withdrawing, quiet)).toMatchObject({ outcome: 'not-approved', sent: 100 });
    expect(received(fake).size).toBe(100);
  });

  test('suppressed addresses (hard bounce, complaint) are never sent to', async () => {
    const confirmed = await addSubscribers(app.db, 6);
    await suppress(app.db, confirmed[1]!, 'bounced', app.now());
    await suppress(app.db, confirmed[2]!, 'complained', app.now());
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'finished', sent: 4 });
    expect([received(fake).has(confirmed[1]!), received(fake).has(confirmed[2]!)]).toEqual([false, false]);
  });

  test('an issue for one language reaches only that language', async () => {
    await addSubscribers(app.db, 9);
    const spanishOnly = readIssues().map((i) => (i.id === '2026-11' ? { ...i, data: { ...i.data, segment: 'es' as const } } : i));
    await approveIssue(app, spanishOnly.filter((i) => i.id === '2026-11'), owner);
    expect(await sendNewsletter(app, { ...quiet, issues: spanishOnly })).toMatchObject({ outcome: 'finished', sent: 3 });
    expect([...received(fake).keys()].sort()).toEqual(['reader0@example.com', 'reader3@example.com', 'reader6@example.com']);
  });

  test("a past month's approved issue: the scheduled send leaves it alone, sending it on request sends it", async () => {
    const confirmed = await addSubscribers(app.db, 12);
    await approveIssue(app, issueOf('2026-10'), owner);
    expect(await sendNewsletter(app, { ...quiet, trigger: 'schedule' })).toMatchObject({ issue: '2026-11', outcome: 'finished' });
    expect(fake.calls.filter((c) => c.idempotencyKey?.startsWith('newsletter-2026-10-'))).toHaveLength(0);
    expect(await sendNewsletter(app, { ...quiet, trigger: 'dashboard', issue: '2026-10' })).toMatchObject({ issue: '2026-10', outcome: 'finished', sent: 12 });
    const october = new Set(issueOf('2026-10').map((i) => i.data.subject));
    for (const email of confirmed) expect(fake.delivered.filter((e) => e.to === email && october.has(e.subject))).toHaveLength(1);
  });
});

describe.each(engines)('claiming recipients on %s', (engine) => {
  test('20 claimers at once, each walking the list: every address is claimed exactly once', { timeout: 60_000 }, async () => {
    const { app } = await testApp({}, engine);
    try {
      const emails = await addSubscribers(app.db, 600);
      const versions = issueOf('2026-11');
      await approveIssue(app, versions, { via: 'dashboard' });
      const { fingerprint } = (await approvalOf(app.db, '2026-11'))!;
      const claimer = async (worker: number) => {
        const mine: string[] = [];
        for (let index = 0, after = ''; ; index++) {
          const batch = await claimBatch(app.db, { issue: '2026-11', key: `k-${worker}-${index}`, segment: { kind: 'all', lapsedDays: 60 }, before: app.now(), fingerprint, after, limit: 25, at: app.now() });
          if (batch.length === 0) return mine;
          mine.push(...batch.map((r) => r.email));
          after = batch.at(-1)!.email;
        }
      };
      const claimed = (await Promise.all(Array.from({ length: 20 }, (_, worker) => claimer(worker)))).flat();
      expect(claimed).toHaveLength(emails.length);
      expect(new Set(claimed).size).toBe(emails.length);
      expect(await app.db.query('SELECT count(*)::int AS n FROM newsletter_sends')).toEqual([{ n: 600 }]);
    } finally {
      await app.db.close();
    }
  });

  test('20 runs taking the lease at once: exactly one holds it', async () => {
    const { app } = await testApp({}, engine);
    try {
      const until = new Date(app.now().getTime() + LEASE_MS);
      const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => takeLease(app.db, '2026-11', `run-${i}`, app.now(), until)));
      expect(taken.filter(Boolean)).toHaveLength(1);
    } finally {
      await app.db.close();
    }
  });
});
