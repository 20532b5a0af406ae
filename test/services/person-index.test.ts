import { describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { addressesIn } from '../../src/domain/redact.ts';
import { listFollowups, updateFollowup } from '../../src/services/followups.ts';
import { indexedRecords } from '../../src/services/person-index.ts';
import { erasePerson, findPerson } from '../../src/services/privacy.ts';
import { recordResponse, type Submission } from '../../src/services/record-response.ts';
import { followupsDoc, responseDoc, responsesDoc, type SurveyResponse } from '../../src/services/responses.ts';
import { blobsBackend } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
import { MemoryBlobs } from '../../src/store/memory-blobs.ts';
import { cardCode, cardIdFromBytes, cardShard } from '../../src/domain/card.ts';
import { registrationsDoc, type Registration } from '../../src/services/cards.ts';
import { registerCard } from '../../src/services/register-card.ts';
import { countReads } from '../support/reads.ts';
import { testApp } from '../support/temp.ts';

const catalog = readSurveyCatalog('feedback') as SurveyCatalog;
const ana = 'ana@example.com';
const SECRET = 'person-index-secret';

const submission = (email: string, wrong?: string): Submission => ({
  survey: 'feedback', locale: 'en', at: null, product: null,
  answers: { overall: 1, nps: 2, ...(wrong ? { wrong } : {}), contact: { consent: 'yes', name: 'Someone', email, language: 'en' } },
});

/** The same app on the file store, and on the in-memory Blobs stand-in (production's semantics). */
const stores: [string, (app: App) => App][] = [
  ['file store', (app) => app],
  ['Blobs stand-in', (app) => ({ ...app, store: createStore(blobsBackend(new MemoryBlobs())) })],
];

async function setup(on: (app: App) => App) {
  const { app: base, clock } = await testApp({ OWNER_EMAIL: 'owner@test.example', CARD_SECRET: SECRET });
  const app = on(base);
  /** Records a complaint from a different client each time, opened a minute ago. */
  let clients = 0;
  const record = async (input: Submission) => {
    const result = await recordResponse(app, catalog, input, { client: `c${clients++}`, started: new Date(app.now().getTime() - 60_000) });
    if (!result.ok) throw new Error(`not recorded: ${result.reason}`);
    return result.response;
  };
  return { app, clock, record };
}

const recordReads = (reads: string[]) => reads.filter((key) => /^(feedback\/)?(responses|followups)\//.test(key));

describe('addresses typed into free text', () => {
  test('are found whole, without the punctuation around them', () => {
    expect(addressesIn('Write to Ana@Example.com. Or (luis.p+shop@mail.example.es), not @nobody')).toEqual(['Ana@Example.com', 'luis.p+shop@mail.example.es']);
  });
});

describe.each(stores)('the privacy search by address (%s)', (_name, on) => {
  test('reads only the person\'s own records, however many others are stored (once the first search folded the months)', async () => {
    const { app, clock, record } = await setup(on);
    const mine = [await record(submission(ana))];
    clock.advance(86_400_000);
    mine.push(await record(submission('someone@example.com', 'Please write to ANA@example.com about it')));
    for (let i = 0; i < 40; i++) await record(submission(`other${i}@example.com`));
    // The first search of a shop folds the months stored before the index once (next test): then every search is this cheap.
    await findPerson(app, 'nobody@example.com');
    const { app: counted, reads } = countReads(app);
    const found = (await findPerson(counted, ana))!;
    expect(found.responses.map((r) => r.id)).toEqual(mine.map((r) => r.id));
    // The complaint's record holds her contact; the other only names her in an answer, which its follow-up does not copy.
    expect(found.followups.map((f) => f.id)).toEqual([mine[0]!.id]);
    // Her three records, never the other 40 people's.
    expect(recordReads(reads).toSorted()).toEqual([responseDoc(mine[0]!.id)!.key, responseDoc(mine[1]!.id)!.key, responseDoc(mine[0]!.id)!.key.replace('/responses/', '/followups/')].toSorted());
  });

  test('finds an address the owner wrote into a note later', async () => {
    const { app, record } = await setup(on);
    const response = await record(submission('luis@example.com'));
    expect((await findPerson(app, ana))!.followups).toEqual([]);
    await updateFollowup(app, response.id, { note: `Luis says his wife ${ana} will come by` });
    expect((await findPerson(app, ana))!.followups.map((f) => f.id)).toEqual([response.id]);
  });

  test('data stored before the index (month documents and day records) is found, then folded once so the next search reads only the person\'s', async () => {
    const { app, record } = await setup(on);
    const fresh = await record(submission(ana));
    // Written straight in the store, as an older version did: no index entries.
    const old = (id: string, email: string): SurveyResponse => ({ ...fresh, id, submittedAt: `${id.slice(0, 7)}-10T10:00:00.000Z`, contact: { email, language: 'en' } });
    await app.store.update(responsesDoc('2025-03'), (draft) => void draft.items.push(old('2025-03-0123456789abcdef', ana), old('2025-03-fedcba9876543210', 'x@example.com')));
    const followup = (await listFollowups(app))[0]!;
    await app.store.update(followupsDoc('2025-03'), (draft) => void draft.items.push({ ...followup, id: '2025-03-0123456789abcdef', responseId: '2025-03-0123456789abcdef', createdAt: '2025-03-10T10:00:00.000Z' }));
    const day = { ...old('2026-10-05-101010101-aaaaaaaaaaaa', ana), submittedAt: '2026-10-05T10:10:10.101Z' };
    await app.store.create(responseDoc(day.id)!, day);
    const expected = ['2025-03-0123456789abcdef', day.id, fresh.id];

    const first = countReads(app);
    expect((await findPerson(first.app, ana))!.responses.map((r) => r.id)).toEqual(expected);
    expect((await findPerson(app, ana))!.followups.map((f) => f.id)).toEqual([fresh.id, '2025-03-0123456789abcdef']);
    expect((await indexedRecords(app, ana)).filter((ref) => ref.kind === 'response').map((ref) => ref.id).toSorted()).toEqual(expected.toSorted());

    const second = countReads(app);
    expect((await findPerson(second.app, ana))!.responses.map((r) => r.id)).toEqual(expected);
    // Folded: no month read whole again, only her records (the old month document holds hers, so it is read for each).
    expect(recordReads(second.reads).length).toBeLessThan(recordReads(first.reads).length);
    expect(recordReads(second.reads).filter((key) => key.startsWith('feedback/responses/')).toSorted()).toEqual(
      [day.id, fresh.id].map((id) => responseDoc(id)!.key).toSorted(),
    );
  });

  test('a longer address that ends in the one searched is someone else, also in records stored before the index', async () => {
    const { app, record } = await setup(on);
    const fresh = await record(submission(ana));
    const juana = 'juana@example.com';
    // Written straight in the store, as an older version did: her contact, her address in an answer, in a note.
    const old = (id: string, contact: string, wrong?: string): SurveyResponse => ({
      ...fresh, id, submittedAt: `${id.slice(0, 7)}-10T10:00:00.000Z`, contact: { email: contact, language: 'en' }, answers: { ...fresh.answers, ...(wrong ? { wrong } : {}) },
    });
    await app.store.update(responsesDoc('2025-03'), (draft) => void draft.items.push(old('2025-03-0123456789abcdef', juana), old('2025-03-fedcba9876543210', 'x@example.com', `Write to ${juana}`)));
    const followup = (await listFollowups(app))[0]!;
    await app.store.update(followupsDoc('2025-03'), (draft) => void draft.items.push({
      ...followup, id: '2025-03-fedcba9876543210', responseId: '2025-03-fedcba9876543210', contact: { email: 'x@example.com', language: 'en' },
      createdAt: '2025-03-10T10:00:00.000Z', notes: [{ at: '2025-03-10T11:00:00.000Z', text: `Called ${juana.toUpperCase()}` }],
    }));
    // The first search reads the old month whole; the next one goes by the index: neither takes Juana for Ana.
    for (const search of ['first', 'folded']) {
      const found = (await findPerson(app, ana))!;
      expect({ search, responses: found.responses.map((r) => r.id), followups: found.followups.map((f) => f.id) }).toEqual({ search, responses: [fresh.id], followups: [fresh.id] });
    }
    expect((await findPerson(app, juana))!.responses.map((r) => r.id)).toEqual(['2025-03-0123456789abcdef', '2025-03-fedcba9876543210']);
  });

  test('an erasure removes the person\'s index entries and leaves everyone else\'s', async () => {
    const { app, record } = await setup(on);
    await record(submission(ana, 'My partner luis@example.com agrees'));
    await record(submission('luis@example.com'));
    expect(await indexedRecords(app, ana)).toHaveLength(2);
    await erasePerson(app, ana);
    expect(await indexedRecords(app, ana)).toEqual([]);
    expect(await findPerson(app, ana)).toMatchObject({ responses: [], followups: [] });
    expect((await findPerson(app, 'luis@example.com'))!.responses).toHaveLength(2);
  });

  test('card registrations are found from the index: those stored before it by the first search, which files them all', async () => {
    const { app } = await setup(on);
    const card = (i: number) => cardIdFromBytes(Buffer.from(`I${String(i).padStart(7, '0')}`));
    const input = (email: string) => ({ name: 'Someone', email, birthday: null, language: 'en' as const, newsletter: false });
    // Registered by an older version, straight in the store: no index entries.
    const old: Registration = { card: card(0), name: 'Ana', email: 'ANA@example.com', birthday: null, language: 'en', newsletter: false, registeredAt: '2025-05-01T10:00:00.000Z', updatedAt: '2025-05-01T10:00:00.000Z' };
    await app.store.update(registrationsDoc(cardShard(old.card)), (draft) => void draft.registrations.push(old));
    for (let i = 1; i <= 20; i++) await registerCard(app, cardCode(SECRET, card(i)), input(i === 7 ? ana : `other${i}@example.com`), `c${i}`);

    expect((await findPerson(app, ana))!.cards.map((c) => c.registration.card).toSorted()).toEqual([card(0), card(7)].toSorted());
    // Filed: the next search reads the shards of her two cards, each once, not every registration.
    const { app: counted, reads } = countReads(app);
    expect((await findPerson(counted, ana))!.cards.map((c) => c.registration.card).toSorted()).toEqual([card(0), card(7)].toSorted());
    const shards = reads.filter((key) => key.startsWith('cards/registrations/'));
    expect(shards.toSorted()).toEqual([...new Set([card(0), card(7)].map((id) => registrationsDoc(cardShard(id)).key))].toSorted());
    // A card registered again to someone else is no longer hers.
    await registerCard(app, cardCode(SECRET, card(7)), input('luis@example.com'), 'c7');
    expect((await findPerson(app, ana))!.cards.map((c) => c.registration.card)).toEqual([card(0)]);
  });
});

