import { describe, expect, test } from 'vitest';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { blobsBackend, type BlobsLike } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
import { MemoryBlobs } from '../../src/store/memory-blobs.ts';
import { confirmSubscription } from '../../src/services/confirm.ts';
import { getFollowup, listFollowups, updateFollowup } from '../../src/services/followups.ts';
import { getSubscriber, listSubscribers, shardFor, type Subscriber } from '../../src/services/newsletter-store.ts';
import { erasePerson, findPerson } from '../../src/services/privacy.ts';
import { recordResponse, type Submission } from '../../src/services/record-response.ts';
import { followupsDoc, getResponse, listResponses, responsesDoc, type Followup, type SurveyResponse } from '../../src/services/responses.ts';
import { subscribe } from '../../src/services/subscribe.ts';
import { unsubscribe } from '../../src/services/unsubscribe.ts';
import { testApp } from '../support/temp.ts';

const catalog = readSurveyCatalog('feedback') as SurveyCatalog;
const happy: Submission = { survey: 'feedback', locale: 'en', at: null, product: null, answers: { overall: 5, nps: 10 } };
const complaint: Submission = {
  survey: 'feedback', locale: 'en', at: null, product: null,
  answers: { overall: 1, nps: 2, contact: { consent: 'yes', name: 'Ana', email: 'ana@example.com', language: 'en' } },
};

async function setup() {
  const { app } = await testApp({ OWNER_EMAIL: 'owner@test.example' });
  const opened = () => new Date(app.now().getTime() - 60_000);
  return { app, opened };
}

describe('one document per record', () => {
  test('a response, its follow-up and a subscriber are each written as a new document of their own', async () => {
    const { app, opened } = await setup();
    const result = await recordResponse(app, catalog, complaint, { client: 'a', started: opened() });
    if (!result.ok) throw new Error(result.reason);
    expect(result.response.id).toMatch(/^2026-11-26-100000000-[0-9a-f]{12}$/);
    expect(await app.store.keys('feedback/responses/')).toEqual([`feedback/responses/2026-11-26/${result.response.id}`]);
    expect(await app.store.keys('feedback/followups/')).toEqual([`feedback/followups/2026-11-26/${result.response.id}`]);
    await subscribe(app, { email: 'ana@example.com', locale: 'en', source: 'footer', client: 'a' });
    expect(await app.store.keys('newsletter/subscribers/')).toEqual([expect.stringMatching(/^newsletter\/subscribers\/[0-9a-f]{2}\/[0-9a-f]{64}$/)]);
    // Nothing is written in the month documents any more.
    expect(await app.store.keys('responses/')).toEqual([]);
    expect(await app.store.keys('subscribers/')).toEqual([]);
  });

  test('concurrent writers of different records never conflict (Blobs stand-in: no conditional write refused outside the flood limits)', async () => {
    const { app, opened } = await setup();
    const blobs = new MemoryBlobs();
    const refused: string[] = [];
    const counting: BlobsLike = {
      getWithMetadata: (key, o) => blobs.getWithMetadata(key),
      setJSON: async (key, data, o) => {
        const result = await blobs.setJSON(key, data, o);
        if (!result.modified) refused.push(key);
        return result;
      },
      list: (o) => blobs.list(o),
      delete: (key) => blobs.delete(key),
    };
    const onBlobs = { ...app, store: createStore(blobsBackend(counting)) };
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => recordResponse(onBlobs, catalog, i % 2 ? happy : complaint, { client: `client-${i}`, started: opened() })),
      ...Array.from({ length: 20 }, (_, i) => subscribe(onBlobs, { email: `p${i}@example.com`, locale: 'en', source: 'footer', client: `client-${i}` })),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    // Rollups are small documents shared by design (compare-and-swap, retried): only records count here.
    expect(refused.filter((key) => !key.startsWith('limits/') && !key.startsWith('rollups/'))).toEqual([]);
    expect(await listResponses(onBlobs)).toHaveLength(20);
    expect(await listFollowups(onBlobs)).toHaveLength(10);
    expect(await listSubscribers(onBlobs)).toHaveLength(20);
  });
});

describe('data stored before the record layout (month and shard documents)', () => {
  const old = (id: string, submittedAt: string, extra: Partial<SurveyResponse> = {}): SurveyResponse => ({
    id, survey: 'feedback', locale: 'en', location: null, product: null, answers: { overall: 1, nps: 2 }, submittedAt, complaint: true, ...extra,
  });
  const oldFollowup = (response: SurveyResponse): Followup => ({
    id: response.id, responseId: response.id, survey: 'feedback', locale: 'en', location: null, product: null, reasons: [{ kind: 'nps', question: 'nps', score: 2 }],
    ...(response.contact ? { contact: response.contact } : {}), status: 'open', notes: [], createdAt: response.submittedAt, contactedAt: null, resolvedAt: null, emailedAt: null,
  });

  test('responses and follow-ups in month documents are listed with new ones, read by id, updated in place and erased', async () => {
    const { app, opened } = await setup();
    const legacy = old('2026-10-0123456789abcdef', '2026-10-15T12:00:00.000Z', { contact: { name: 'Ana', email: 'ana@example.com', language: 'en' } });
    await app.store.update(responsesDoc('2026-10'), (d) => void d.items.push(legacy));
    await app.store.update(followupsDoc('2026-10'), (d) => void d.items.push(oldFollowup(legacy)));
    const fresh = await recordResponse(app, catalog, complaint, { client: 'a', started: opened() });
    if (!fresh.ok) throw new Error(fresh.reason);

    expect((await listResponses(app)).map((r) => r.id)).toEqual([legacy.id, fresh.response.id]);
    expect((await listResponses(app, { from: new Date('2026-10-01'), to: new Date('2026-11-01') })).map((r) => r.id)).toEqual([legacy.id]);
    expect(await getResponse(app, legacy.id)).toEqual(legacy);
    expect((await listFollowups(app)).map((f) => f.id)).toEqual([fresh.response.id, legacy.id]);
    expect(await updateFollowup(app, legacy.id, { status: 'resolved', note: 'Called back' })).toMatchObject({ id: legacy.id, status: 'resolved' });
    expect((await getFollowup(app, legacy.id))?.notes).toEqual([{ at: '2026-11-26T10:00:00.000Z', text: 'Called back' }]);
    expect((await app.store.read(followupsDoc('2026-10'))).items[0]?.status).toBe('resolved');

    expect(await erasePerson(app, 'ana@example.com')).toMatchObject({ responseContacts: 2, followupContacts: 2 });
    expect(await findPerson(app, 'ana@example.com')).toMatchObject({ responses: [], followups: [] });
    expect(await getResponse(app, legacy.id)).not.toHaveProperty('contact');
  });

  test('a subscriber in an old shard is found, stays confirmed on a new sign-up, changes as a record, is listed once and erased from both', async () => {
    const { app } = await setup();
    const ana: Subscriber = { email: 'ana@example.com', status: 'confirmed', locale: 'es', source: 'footer', subscribedAt: '2026-10-01T10:00:00.000Z', confirmedAt: '2026-10-01T10:05:00.000Z', updatedAt: '2026-10-01T10:05:00.000Z' };
    await app.store.update(shardFor(ana.email), (d) => void (d.subscribers[ana.email] = ana));
    expect(await getSubscriber(app.store, ana.email)).toEqual(ana);

    expect(await subscribe(app, { email: ana.email, locale: 'en', source: 'footer', client: 'a' })).toEqual({ ok: true });
    expect(await getSubscriber(app.store, ana.email)).toEqual(ana);
    expect(await unsubscribe(app, ana.email, 'en')).toEqual({ locale: 'es' });
    expect(await listSubscribers(app)).toEqual([expect.objectContaining({ email: ana.email, status: 'unsubscribed', confirmedAt: ana.confirmedAt })]);
    expect(await confirmSubscription(app, 'not-a-token')).toEqual({ ok: false, reason: 'invalid' });

    expect(await erasePerson(app, ana.email)).toMatchObject({ subscriber: 1 });
    expect(await getSubscriber(app.store, ana.email)).toBeUndefined();
    expect(await listSubscribers(app)).toEqual([]);
    expect((await app.store.read(shardFor(ana.email))).subscribers).toEqual({});
  });
});
