import { beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { readCollection } from '../../src/catalog/read.ts';
import { surveySchema, type Survey } from '../../src/catalog/survey.ts';
import { rungOf } from '../../src/domain/ladder.ts';
import { scoresOf } from '../../src/domain/feedback-stats.ts';
import { exportCsv } from '../../src/services/exports.ts';
import { countEvent } from '../../src/services/delivery-figures.ts';
import { monthlySummary } from '../../src/services/monthly-summary.ts';
import { erasePerson, findPerson, listErasures, personPseudonym } from '../../src/services/privacy.ts';
import { listResponses } from '../../src/services/responses.ts';
import { seedDashboard } from '../fixtures/seed-dashboard.ts';
import { factsAt, loadPeople } from '../support/ladder-from-records.ts';
import { snapshotFiles, tempDir } from '../support/temp.ts';

const csvText = (...args: Parameters<typeof exportCsv>) => new Response(exportCsv(...args)).text();

const now = new Date('2026-11-26T10:00:00Z');
let app: App;
let dataDir: string;
let surveys: Map<string, Survey>;

beforeAll(async () => {
  dataDir = await tempDir();
  ({ app } = await seedDashboard(dataDir, now, { sendIssue: '2026-11' }));
  surveys = new Map(readCollection('surveys', surveySchema).map((entry) => [entry.id, entry.data]));
}, 60_000);

describe('CSV exports over seeded data', () => {
  // The survey CSVs: test/surveys/exports.test.ts.
  test('subscribers and card events each have one row per record and no idempotency keys', async () => {
    const lines = async (kind: 'subscribers' | 'card-events') => (await csvText(app, kind)).trimEnd().split('\r\n');
    expect((await lines('subscribers')).slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(
      expect.arrayContaining(['ana@dashboard.example,confirmed', 'carla@dashboard.example,pending', 'dan@dashboard.example,unsubscribed']),
    );
    const events = (await csvText(app, 'card-events'));
    expect(events.trimEnd().split('\r\n')).toHaveLength(1 + 16 + 1);
    expect(events).not.toContain('seed-stamp');
  });
});

describe('loadPeople() and the ladder over seeded data', () => {
  test('joins subscriptions, cards, answers and review clicks by address; unregistered cards count alone', async () => {
    const people = await loadPeople(app, surveys, readProgramme().stampsPerReward);
    const rung = (key: string) => rungOf(factsAt(people.find((p) => p.key === key)!.activity, now)!);
    expect(rung('ana@dashboard.example')).toBe('promoter');
    expect(rung('ben@dashboard.example')).toBe('customer');
    expect(rung('elena@dashboard.example')).toBe('prospect');
    expect(rung('carla@dashboard.example')).toBe('suspect');
    expect(rung('dan@dashboard.example')).toBe('suspect');
    expect(people.filter((p) => p.key.startsWith('card:'))).toHaveLength(3);
  });
});

describe('monthlySummary()', () => {
  test('its feedback figures are those of the month\'s stored responses', async () => {
    const summary = await monthlySummary(app, { surveys, stampsPerReward: readProgramme().stampsPerReward }, '2026-11');
    const november = await listResponses(app, { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') });
    expect(summary.feedback.scores).toEqual(scoresOf(surveys.get('feedback')!, november));
    expect(summary.asOf).toEqual(now);
    expect(summary.newsletter.issue).toMatchObject({ issue: '2026-11', sent: 2, failed: 0 });
    expect(summary.loyalty.redeemed).toBe(1);
  });

  test('shows the month\'s issue\'s delivery figures with rates, as the webhooks counted them', async () => {
    await countEvent(app, '2026-11', 'delivered');
    await countEvent(app, '2026-11', 'delivered');
    await countEvent(app, '2026-11', 'opened');
    const summary = await monthlySummary(app, { surveys, stampsPerReward: readProgramme().stampsPerReward }, '2026-11');
    expect(summary.newsletter.delivery?.figures).toMatchObject({ sent: 2, delivered: 2, opened: 1, bounced: 0 });
    expect(summary.newsletter.delivery?.rates).toMatchObject({ delivered: 1, opened: 0.5, bounced: 0 });
  });
});

describe('findPerson() and erasePerson()', () => {
  test('finds everything stored about an address, whatever its case', async () => {
    const ana = await findPerson(app, ' ANA@dashboard.example ');
    expect(ana?.subscriber?.status).toBe('confirmed');
    expect(ana?.cards).toHaveLength(1);
    expect(ana?.cards[0]!.events.length).toBeGreaterThan(8);
    expect(ana?.responses).toHaveLength(1);
    expect(await findPerson(app, 'not an address')).toBeUndefined();
  });

  test('erases the address from every stored document and logs the erasure without it', async () => {
    const before = await listResponses(app);
    const erased = await erasePerson(app, 'Ben@Dashboard.Example');
    expect(erased).toEqual({ subscriber: 0, registrations: 1, responseContacts: 1, followupContacts: 1, birthdayGreetings: 0, suppressedAddress: 0, newsletterSends: 0 });
    const stored = await snapshotFiles(`${dataDir}/store`);
    for (const [file, text] of Object.entries(stored)) expect(text.toLowerCase(), file).not.toContain('ben@dashboard.example');
    // The answers stay: statistics do not change.
    expect((await listResponses(app)).map((r) => r.answers)).toEqual(before.map((r) => r.answers));
    expect(await listErasures(app)).toEqual([{ at: now.toISOString(), person: personPseudonym(app, 'ben@dashboard.example'), erased }]);
  });
});
