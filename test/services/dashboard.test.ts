import { beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readCollection } from '../../src/catalog/read.ts';
import { surveySchema, type Survey } from '../../src/catalog/survey.ts';
import { exportCsv } from '../../src/services/exports.ts';
import { erasePerson, findPerson, listErasures, personPseudonym } from '../../src/services/privacy.ts';
import { listResponses } from '../../src/services/responses.ts';
import { seedDashboard } from '../fixtures/seed-dashboard.ts';
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
  test('responses: a column per question, the =cmd answer neutralised, the contact only when given', async () => {
    const csv = await csvText(app, 'responses', surveys);
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(header).toBe('id,survey,submitted_at,language,location,product,complaint,overall,quality,value,nps,visit,liked,wrong,drink,other_answers,contact_name,contact_email,contact_phone,contact_language');
    expect(rows).toHaveLength(36);
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(csv).toContain('ben@dashboard.example');
  });

  test('complaints, subscribers and card events each have one row per record and no idempotency keys', async () => {
    const lines = async (kind: 'complaints' | 'subscribers' | 'card-events') => (await csvText(app, kind, surveys)).trimEnd().split('\r\n');
    const complaints = await lines('complaints');
    expect(complaints[0]).toContain('hours_to_first_contact');
    expect(complaints.length - 1).toBe((await listResponses(app)).filter((r) => r.complaint).length);
    expect((await lines('subscribers')).slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(
      expect.arrayContaining(['ana@dashboard.example,confirmed', 'carla@dashboard.example,pending', 'dan@dashboard.example,unsubscribed']),
    );
    const events = (await csvText(app, 'card-events', surveys));
    expect(events.trimEnd().split('\r\n')).toHaveLength(1 + 16 + 1);
    expect(events).not.toContain('seed-stamp');
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
