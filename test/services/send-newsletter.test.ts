import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { approveIssue, withdrawApproval } from '../../src/services/newsletter-approval.ts';
import { LEASE_MS, sendNewsletter, type SendNewsletterOptions } from '../../src/services/send-newsletter.ts';
import { sendLogDoc, sentBatches, shardFor, type Subscriber } from '../../src/services/newsletter-store.ts';
import { suppress } from '../../src/services/suppressions.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { testApp } from '../support/temp.ts';

let fake: FakeResend;
let app: App;
let clock: Awaited<ReturnType<typeof testApp>>['clock'];
const sleeps: number[] = [];
const quiet = { trigger: 'script', sleep: async (ms: number) => void sleeps.push(ms), log: () => undefined } satisfies SendNewsletterOptions;

async function seed(count: number, status: Subscriber['status'] = 'confirmed', prefix = 'reader'): Promise<string[]> {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${prefix}${i}@example.com`;
    emails.push(email);
    const stamp = '2026-10-01T10:00:00.000Z';
    await app.store.update(shardFor(email), (d) => {
      d.subscribers[email] = { email, status, locale: i % 3 === 0 ? 'es' : 'en', source: 'footer', subscribedAt: stamp, updatedAt: stamp };
    });
  }
  return emails;
}

const november = () => readIssues().filter((i) => i.id === '2026-11');
const approve = () => approveIssue(app, november(), 'test');

const newsletterCalls = () => fake.calls.filter((c) => c.idempotencyKey?.startsWith('newsletter-2026-11-batch'));
const toNewsletter = () => fake.delivered.filter((e) => e.headers?.['List-Unsubscribe']);

beforeEach(async () => {
  fake = await startFakeResend({ rejectAddress: (to) => to.startsWith('bounce') });
  ({ app, clock } = await testApp({ RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SITE_URL: 'https://brasa.example', SESSION_SECRET: 'test-secret' }));
  clock.set('2026-11-01T08:00:00Z');
  sleeps.length = 0;
  await approve();
});
afterEach(async () => {
  await fake.close();
});

// Hundreds of emails through a real HTTP server: generous timeouts for a busy machine.
describe('sendNewsletter() against a fake Resend', { timeout: 60_000 }, () => {
  test('sends every confirmed subscriber the issue once, in their language, in batches of at most 100', async () => {
    const confirmed = await seed(250);
    const pending = await seed(3, 'pending', 'pending');
    const gone = await seed(3, 'unsubscribed', 'gone');
    const report = await sendNewsletter(app, quiet);
    expect(report).toMatchObject({ issue: '2026-11', outcome: 'finished', sent: 250, failed: 0, remaining: 0 });
    const calls = newsletterCalls();
    expect(calls.every((c) => c.path === '/emails/batch' && c.count <= 100)).toBe(true);
    expect(calls.reduce((sum, c) => sum + c.count, 0)).toBe(250);
    const counts = fake.receivedCount();
    for (const email of confirmed) expect(counts.get(email), email).toBe(1);
    for (const email of [...pending, ...gone]) expect(counts.get(email), email).toBeUndefined();
    const issues = readIssues().filter((i) => i.id === '2026-11');
    for (const email of toNewsletter()) {
      const locale = Number(/reader(\d+)/.exec(String(email.to))![1]) % 3 === 0 ? 'es' : 'en';
      expect(email.subject).toBe(issues.find((i) => i.locale === locale)!.data.subject);
    }
  });

  test('every newsletter email has a visible unsubscribe link and both RFC 8058 headers', async () => {
    await seed(5);
    await sendNewsletter(app, quiet);
    expect(toNewsletter()).toHaveLength(5);
    for (const email of toNewsletter()) {
      const link = /^<(https:\/\/brasa\.example\/api\/unsubscribe\?token=[^>]+)>$/.exec(email.headers!['List-Unsubscribe']!)?.[1];
      expect(link).toBeTruthy();
      expect(email.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(link).toMatch(/&lang=(en|es)$/);
      expect(email.html).toContain(`href="${link!.replace(/&/g, '&amp;')}"`);
      expect(email.text).toContain(link);
      expect(Buffer.byteLength(email.html)).toBeLessThan(100 * 1024);
    }
  });

  test('a crash after batch k (the connection dies after Resend accepted it), then a re-run: everyone exactly once, with the same keys', async () => {
    const confirmed = await seed(450);
    fake.crashAfter(2);
    const first = await sendNewsletter(app, { ...quiet, maxAttempts: 2 });
    expect(first.outcome).toBe('stopped');
    const keysBefore = newsletterCalls().map((c) => c.idempotencyKey);
    fake.crashAfter(undefined);
    const second = await sendNewsletter(app, quiet);
    expect(second.outcome).toBe('finished');
    const counts = fake.receivedCount();
    for (const email of confirmed) expect(counts.get(email), email).toBe(1);
    // The batch that was cut is sent again under the key it had.
    const resumedKey = newsletterCalls()[keysBefore.length]!.idempotencyKey;
    expect(keysBefore).toContain(resumedKey);
    expect(new Set(newsletterCalls().map((c) => c.idempotencyKey)).size).toBe(5);
  });

  test('a store that fails after batch k, then a re-run: everyone exactly once', async () => {
    const confirmed = await seed(320);
    let updates = 0;
    const failing: App = {
      ...app,
      store: {
        ...app.store,
        update(doc, change) {
          // The write that marks the 2nd batch sent (after lease, claim, sent, claim) fails.
          if (doc.key === 'newsletter/sends/2026-11' && ++updates === 5) return Promise.reject(new Error('disk full'));
          return app.store.update(doc, change);
        },
      },
    };
    await expect(sendNewsletter(failing, quiet)).rejects.toThrow('disk full');
    expect(fake.delivered.length).toBe(200);
    const report = await sendNewsletter(app, quiet);
    expect(report.outcome).toBe('finished');
    const counts = fake.receivedCount();
    for (const email of confirmed) expect(counts.get(email), email).toBe(1);
    expect((await sentBatches(app.store, '2026-11')).map((b) => [b.index, b.recipients.length])).toEqual([[0, 100], [1, 100], [2, 13], [3, 100], [4, 7]]);
  });

  test('a re-run of a finished issue sends nothing', async () => {
    await seed(10);
    await sendNewsletter(app, quiet);
    const calls = fake.calls.length;
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'already-sent', sent: 0 });
    expect(fake.calls.length).toBe(calls);
  });

  test('429 and 500 answers are retried with growing waits, a 429 at least as long as its Retry-After', async () => {
    const confirmed = await seed(120);
    fake.fail(429, 500, 429);
    const report = await sendNewsletter(app, { ...quiet, backoffBaseMs: 10 });
    expect(report).toMatchObject({ outcome: 'finished', rateLimited: 2 });
    expect(sleeps).toEqual([1000, 20, 1000]);
    for (const email of confirmed) expect(fake.receivedCount().get(email)).toBe(1);
  });

  test('a provider outage stops the run; the next run resumes', async () => {
    const confirmed = await seed(150);
    fake.fail(500, 500, 500);
    expect(await sendNewsletter(app, { ...quiet, maxAttempts: 3 })).toMatchObject({ outcome: 'stopped', sent: 0 });
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'finished', sent: 150 });
    for (const email of confirmed) expect(fake.receivedCount().get(email)).toBe(1);
  });

  test('an address refused for good is recorded and not retried; the rest of its batch is delivered', async () => {
    const confirmed = await seed(30);
    await seed(1, 'confirmed', 'bounce');
    const report = await sendNewsletter(app, quiet);
    expect(report).toMatchObject({ outcome: 'finished', sent: 30, failed: 1 });
    for (const email of confirmed) expect(fake.receivedCount().get(email)).toBe(1);
    const log = await app.store.read(sendLogDoc('2026-11'));
    expect(log.failures).toEqual([expect.objectContaining({ email: 'bounce0@example.com', statusCode: 422 })]);
  });

  test('one run at a time: a live lease makes a second run wait; an expired one is taken over', async () => {
    await seed(5);
    await app.store.update(sendLogDoc('2026-11'), (d) => void (d.lease = { run: 'other', until: new Date(app.now().getTime() + LEASE_MS).toISOString() }));
    expect((await sendNewsletter(app, quiet)).outcome).toBe('busy');
    expect(fake.calls).toHaveLength(0);
    clock.advance(LEASE_MS + 1000);
    expect((await sendNewsletter(app, quiet)).outcome).toBe('finished');
  });

  test('with no issue for the month nothing is sent and the owner is told once', async () => {
    await seed(5);
    clock.set('2027-01-01T08:00:00Z');
    expect((await sendNewsletter(app, { ...quiet, trigger: 'schedule' })).outcome).toBe('no-issue');
    expect((await sendNewsletter(app, { ...quiet, trigger: 'schedule' })).outcome).toBe('no-issue');
    expect(fake.delivered.map((e) => e.to)).toEqual(['owner@brasa.example']);
    expect(fake.delivered[0]!.subject).toContain('2027-01');
  });

  test('a dry run plans the batches and sends and writes nothing', async () => {
    await seed(230);
    const report = await sendNewsletter(app, { ...quiet, dryRun: true });
    expect(report.outcome).toBe('dry-run');
    expect(report.plan).toEqual([
      { locale: 'en', size: 100 },
      { locale: 'en', size: 53 },
      { locale: 'es', size: 77 },
    ]);
    expect(fake.calls).toHaveLength(0);
    expect(await app.store.keys('newsletter/')).toEqual(['newsletter/approvals/2026-11']);
  });

  test('a time budget pauses between batches and the next run carries on', async () => {
    const confirmed = await seed(250);
    expect(await sendNewsletter(app, { ...quiet, budgetMs: 0 })).toMatchObject({ outcome: 'paused', sent: 0 });
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'finished', sent: 250 });
    for (const email of confirmed) expect(fake.receivedCount().get(email)).toBe(1);
  });

  test('the owner hears once that the send finished', async () => {
    await seed(3);
    await sendNewsletter(app, quiet);
    const notices = fake.delivered.filter((e) => e.to === 'owner@brasa.example');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe('Newsletter 2026-11 sent to 3 subscribers');
  });

  test('nothing is sent before the owner approves the issue; a scheduled run reminds the owner once', async () => {
    await seed(5);
    await withdrawApproval(app, '2026-11', 'test');
    const schedule = { ...quiet, trigger: 'schedule' } as const;
    expect(await sendNewsletter(app, schedule)).toMatchObject({ outcome: 'not-approved', sent: 0 });
    expect(await sendNewsletter(app, schedule)).toMatchObject({ outcome: 'not-approved', sent: 0 });
    expect(fake.delivered.map((e) => [e.to, e.subject])).toEqual([['owner@brasa.example', 'Newsletter 2026-11 is waiting for your approval']]);
    await approve();
    expect(await sendNewsletter(app, schedule)).toMatchObject({ outcome: 'finished', sent: 5 });
  });

  test('an issue edited after its approval waits for a new one', async () => {
    await seed(5);
    const edited = readIssues().map((i) => (i.id === '2026-11' && i.locale === 'es' ? { ...i, body: `${i.body}\n\nPosdata.` } : i));
    expect(await sendNewsletter(app, { ...quiet, issues: edited })).toMatchObject({ outcome: 'not-approved', message: expect.stringContaining('edited after it was approved') });
    expect(fake.calls).toHaveLength(0);
  });

  test('withdrawing the approval during a send stops it before the next batch', async () => {
    await seed(250);
    const withdrawing: App = {
      ...app,
      mailer: {
        ...app.mailer,
        async sendBatch(messages, options) {
          const result = await app.mailer.sendBatch(messages, options);
          await withdrawApproval(app, '2026-11', 'owner');
          return result;
        },
      },
    };
    expect(await sendNewsletter(withdrawing, quiet)).toMatchObject({ outcome: 'not-approved', sent: 100 });
    expect(fake.delivered).toHaveLength(100);
  });

  test('suppressed addresses (hard bounce, complaint) are never sent to', async () => {
    const confirmed = await seed(6);
    await suppress(app, confirmed[1]!, { reason: 'bounced' });
    await suppress(app, confirmed[2]!, { reason: 'complained' });
    expect(await sendNewsletter(app, quiet)).toMatchObject({ outcome: 'finished', sent: 4 });
    expect(fake.receivedCount().has(confirmed[1]!)).toBe(false);
    expect(fake.receivedCount().has(confirmed[2]!)).toBe(false);
  });

  test('an issue for one language reaches only that language', async () => {
    await seed(9);
    const spanishOnly = readIssues().map((i) => (i.id === '2026-11' ? { ...i, data: { ...i.data, segment: 'es' as const } } : i));
    await approveIssue(app, spanishOnly.filter((i) => i.id === '2026-11'), 'test');
    expect(await sendNewsletter(app, { ...quiet, issues: spanishOnly })).toMatchObject({ outcome: 'finished', sent: 3 });
    expect(toNewsletter().map((e) => e.to).sort()).toEqual(['reader0@example.com', 'reader3@example.com', 'reader6@example.com']);
  });

  test('each newsletter carries its issue in Resend tags and in its unsubscribe link', async () => {
    await seed(1);
    await sendNewsletter(app, quiet);
    const [email] = toNewsletter();
    expect(email!.tags).toEqual([{ name: 'kind', value: 'newsletter' }, { name: 'issue', value: '2026-11' }]);
  });

  test('a wait that would pass the time budget pauses the run; the next run resends that batch with its key', async () => {
    const confirmed = await seed(150);
    let now = 0;
    const timed = { ...quiet, clock: () => now, sleep: async (ms: number) => void (now += ms) };
    fake.fail(429);
    expect(await sendNewsletter(app, { ...timed, budgetMs: 500 })).toMatchObject({ outcome: 'paused', sent: 0, rateLimited: 1 });
    expect(await sendNewsletter(app, timed)).toMatchObject({ outcome: 'finished', sent: 150 });
    for (const email of confirmed) expect(fake.receivedCount().get(email)).toBe(1);
    const keys = newsletterCalls().map((c) => c.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
  });

  test('the send log stays small whatever the list size: sent batches live in their own documents', async () => {
    await seed(600);
    await sendNewsletter(app, quiet);
    const log = await app.store.read(sendLogDoc('2026-11'));
    expect(log).toMatchObject({ sent: 600, sentBatches: 6, open: [], batches: [] });
    expect(JSON.stringify(log).length).toBeLessThan(3000);
  });
});
