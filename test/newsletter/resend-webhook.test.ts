import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ReceivedEmail } from '../support/fake-resend.ts';
import { resendEvent, signedDelivery, startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { useTempApp } from '../support/temp.ts';

type Handler = (request: Request) => Promise<Response>;
const secret = `whsec_${Buffer.from('vuelve-test-webhook-signing-key!').toString('base64')}`;
const url = 'http://localhost:4321/api/resend/webhook';
let fake: FakeResend;
let webhook: Handler;
let app: typeof import('../../src/app.ts').app;
let queries: typeof import('../../src/newsletter/queries.ts');
let sent: ReceivedEmail[];

beforeAll(async () => {
  fake = await startFakeResend();
  await useTempApp({ SESSION_SECRET: 'test-secret', RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, RESEND_WEBHOOK_SECRET: secret });
  webhook = (await import('../../netlify/functions/resend-webhook.mts')).default;
  ({ app } = await import('../../src/app.ts'));
  queries = await import('../../src/newsletter/queries.ts');

  // A real send of the November issue through the fake Resend, to have real email ids and tags.
  const { readIssues } = await import('../../src/catalog/newsletter.ts');
  const { approveIssue } = await import('../../src/newsletter/approval.ts');
  const { sendNewsletter } = await import('../../src/newsletter/send.ts');
  const { addSubscribers } = await import('../support/newsletter.ts');
  await addSubscribers(app().db, 5, { prefix: 'reader' });
  await approveIssue(app(), readIssues().filter((i) => i.id === '2026-11'), { via: 'dashboard' });
  await sendNewsletter(app(), { trigger: 'script', issue: '2026-11', log: () => undefined });
  sent = fake.delivered.filter((e) => e.tags?.some((t) => t.value === '2026-11'));
}, 60_000);

const to = (name: string) => sent.find((e) => [e.to].flat()[0] === `${name}@example.com`)!;
const suppressionOf = async (email: string) => (await queries.latestSuppressions(app().db, 100)).latest.find((s) => s.email === email);
const post = async (event: unknown, options?: Parameters<typeof signedDelivery>[3]) => webhook(await signedDelivery(url, secret, event, options));
const figures = async () => (await queries.issueSends(app().db)).find((row) => row.issue === '2026-11')!;

describe('POST /api/resend/webhook', { timeout: 20_000 }, () => {
  beforeEach(() => expect(sent).toHaveLength(5));

  test('a signed hard bounce suppresses the address at once and counts in its issue', async () => {
    const response = await post(resendEvent('email.bounced', to('reader0'), { bounce: { type: 'Permanent', subType: 'General', message: 'Mailbox does not exist' } }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, outcome: 'recorded' });
    expect(await suppressionOf('reader0@example.com')).toMatchObject({ reason: 'bounced', issue: '2026-11', detail: 'Permanent: General: Mailbox does not exist' });
    expect((await figures()).bounced).toBe(1);
  });

  test('a replayed delivery (the same svix-id) answers 200 and changes nothing', async () => {
    const event = resendEvent('email.delivered', to('reader4'));
    const first = await post(event, { id: 'msg_replayed1' });
    const before = await figures();
    const again = await post(event, { id: 'msg_replayed1' });
    expect(await first.json()).toMatchObject({ outcome: 'recorded' });
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' });
    expect(await figures()).toEqual(before);
  });

  test.each([
    ['a bad signature', { signWith: `whsec_${Buffer.from('another-secret-another-secret-!!').toString('base64')}` }],
    ['an old timestamp (ten minutes ago)', { at: new Date(Date.now() - 10 * 60_000) }],
    ['a timestamp in the future', { at: new Date(Date.now() + 10 * 60_000) }],
  ])('refuses %s with 401 and records nothing', async (_, options) => {
    const response = await post(resendEvent('email.complained', to('reader4')), options);
    expect(response.status).toBe(401);
    expect(await suppressionOf('reader4@example.com')).toBeUndefined();
  });

  test('refuses an unsigned delivery with 401', async () => {
    const response = await webhook(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(resendEvent('email.complained', to('reader4'))) }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: expect.stringContaining('Unsigned') });
    expect(await suppressionOf('reader4@example.com')).toBeUndefined();
  });

  test('an event the kit does not use is acknowledged and ignored', async () => {
    const response = await post({ type: 'domain.updated', created_at: new Date().toISOString(), data: { id: 'd1' } });
    expect(await response.json()).toEqual({ ok: true, outcome: 'ignored' });
  });
});
