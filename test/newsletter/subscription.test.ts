import { afterEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { confirmSubscription } from '../../src/newsletter/confirm.ts';
import { confirmUrl } from '../../src/newsletter/links.ts';
import { issueSends, subscriberOf } from '../../src/newsletter/queries.ts';
import { subscribe } from '../../src/newsletter/subscribe.ts';
import { unsubscribe } from '../../src/newsletter/unsubscribe.ts';
import { engines } from '../support/db.ts';
import { addSubscribers } from '../support/newsletter.ts';
import { readOutbox, testApp } from '../support/temp.ts';

const tokenOf = (app: App, email: string, locale: 'en' | 'es') => new URL(confirmUrl(app, email, locale, app.now())).searchParams.get('token')!;

describe.each(engines)('subscribing, confirming and unsubscribing on %s', { timeout: 30_000 }, (engine) => {
  let app: App;
  let clock: Awaited<ReturnType<typeof testApp>>['clock'];
  let dataDir: string;
  const fresh = async () => ({ app, clock, dataDir } = await testApp({ SESSION_SECRET: 'test-secret' }, engine));
  const mailsTo = async (email: string) => (await readOutbox(dataDir)).filter((m) => m.headers.to === email);
  afterEach(() => app?.db.close());

  test('a sign-up stores the address pending, normalised, and emails a confirmation link; a confirmed address gets nothing', async () => {
    await fresh();
    expect(await subscribe(app, { email: ' Ana@Example.COM ', locale: 'es', source: 'footer', client: 'c1' })).toEqual({ ok: true });
    expect(await subscriberOf(app.db, 'ana@example.com')).toMatchObject({ status: 'pending', locale: 'es', source: 'footer' });
    expect(await mailsTo('ana@example.com')).toHaveLength(1);
    await confirmSubscription(app, tokenOf(app, 'ana@example.com', 'es'));
    expect(await subscribe(app, { email: 'ana@example.com', locale: 'en', source: 'footer', client: 'c2' })).toEqual({ ok: true });
    expect(await subscriberOf(app.db, 'ana@example.com')).toMatchObject({ status: 'confirmed', locale: 'es' });
    expect((await mailsTo('ana@example.com')).map((m) => m.headers.subject)).toEqual(['Confirme su suscripción a Brasa Coffee Roasters', 'Bienvenido al boletín de Brasa Coffee Roasters']);
  });

  test('20 clicks on one confirmation link at once: one confirmation, one welcome email', async () => {
    await fresh();
    await subscribe(app, { email: 'bo@example.com', locale: 'en', source: 'footer', client: 'c1' });
    const token = tokenOf(app, 'bo@example.com', 'en');
    const results = await Promise.all(Array.from({ length: 20 }, () => confirmSubscription(app, token)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await mailsTo('bo@example.com')).filter((m) => m.headers.subject?.startsWith('Welcome'))).toHaveLength(1);
  });

  test('a confirmation link older than the latest unsubscribe does nothing, even after a new sign-up; the new link confirms', async () => {
    await fresh();
    await subscribe(app, { email: 'cy@example.com', locale: 'en', source: 'footer', client: 'c1' });
    const old = tokenOf(app, 'cy@example.com', 'en');
    clock.advance(60_000);
    await unsubscribe(app, 'cy@example.com', 'en');
    expect(await confirmSubscription(app, old)).toEqual({ ok: false, reason: 'unsubscribed', locale: 'en' });
    clock.advance(60_000);
    await subscribe(app, { email: 'cy@example.com', locale: 'en', source: 'footer', client: 'c1' });
    expect(await confirmSubscription(app, old)).toEqual({ ok: false, reason: 'unsubscribed', locale: 'en' });
    expect(await subscriberOf(app.db, 'cy@example.com')).toMatchObject({ status: 'pending', confirmed_at: null, unsubscribed_at: expect.any(Date) });
    clock.advance(60_000);
    expect(await confirmSubscription(app, tokenOf(app, 'cy@example.com', 'en'))).toMatchObject({ ok: true });
    expect((await subscriberOf(app.db, 'cy@example.com'))?.status).toBe('confirmed');
  });

  test('a link for an address the list does not hold is invalid', async () => {
    await fresh();
    expect(await confirmSubscription(app, tokenOf(app, 'nobody@example.com', 'en'))).toEqual({ ok: false, reason: 'invalid' });
    expect(await confirmSubscription(app, 'forged.token')).toEqual({ ok: false, reason: 'invalid' });
  });

  test('unsubscribing an unknown address records it, so it is never emailed; the answer is in its language', async () => {
    await fresh();
    expect(await unsubscribe(app, 'stranger@example.com', 'es')).toEqual({ locale: 'es' });
    expect(await subscriberOf(app.db, 'stranger@example.com')).toMatchObject({ status: 'unsubscribed', source: 'unsubscribe-link' });
    const [reader] = await addSubscribers(app.db, 1);
    expect(await unsubscribe(app, reader!, 'en')).toEqual({ locale: 'es' });
  });

  test("an unsubscribe from an issue's link counts once in that issue's figures, however often it is clicked", async () => {
    await fresh();
    const [reader] = await addSubscribers(app.db, 1);
    await app.db.query(`INSERT INTO newsletter_sends (issue, email, locale, status, batch_key, claimed_at, sent_at, provider_id) VALUES ('2026-11', $1, 'es', 'sent', 'k', $2, $2, 'email-1')`, [reader, app.now()]);
    await Promise.all(Array.from({ length: 5 }, () => unsubscribe(app, reader!, 'en', { issue: '2026-11' })));
    expect((await issueSends(app.db))[0]).toMatchObject({ issue: '2026-11', sent: 1, unsubscribed: 1 });
  });
});
