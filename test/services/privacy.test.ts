import { beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { loyaltyContacts, sendBirthdayGreetings } from '../../src/services/birthday-greetings.ts';
import { exportCsv } from '../../src/services/exports.ts';
import { surveyCsv, surveyExports } from '../../src/surveys/exports.ts';

const csvText = (...args: Parameters<typeof exportCsv>) => new Response(exportCsv(...args)).text();
import { listFollowups, sendFollowupEmail, updateFollowup } from '../../src/services/followups.ts';
import { sendLogDoc } from '../../src/services/newsletter-store.ts';
import { erasePerson, findPerson } from '../../src/services/privacy.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { suppress } from '../../src/services/suppressions.ts';
import { seedDashboard } from '../fixtures/seed-dashboard.ts';
import { snapshotFiles, tempDir } from '../support/temp.ts';

const now = new Date('2026-11-26T10:00:00Z');
const ana = 'ana@dashboard.example';
let app: App;
let dataDir: string;

/**
 * Ana is in every place that can hold a person's data: a confirmed subscriber who got an
 * issue (send log and batch), a registered card with stamps, survey responses with her
 * contact (and her address typed into an answer), a complaint followed up by email with
 * the owner's notes, a birthday greeting, a failed send and the suppression list.
 */
beforeAll(async () => {
  dataDir = await tempDir();
  ({ app } = await seedDashboard(dataDir, now, { sendIssue: '2026-11' }));
  const catalog = readSurveyCatalog('feedback')!;
  const complaint = await recordResponse(app, catalog, {
    survey: 'feedback', locale: 'es',
    answers: { overall: 1, nps: 2, wrong: 'Cold coffee. Write to Ana at ANA@dashboard.example', contact: { consent: 'yes', name: 'Ana', email: ana, language: 'es' } },
  }, { client: 'privacy-test', started: new Date(now.getTime() - 60_000) });
  if (!complaint.ok) throw new Error('complaint not recorded');
  const followup = (await listFollowups(app)).find((f) => f.responseId === complaint.response.id)!;
  await sendFollowupEmail(app, followup.id);
  await updateFollowup(app, followup.id, { note: `Phoned Ana; she asked us to write to ${ana} instead` });
  await app.store.update(sendLogDoc('2026-11'), (draft) => {
    draft.failures.push({ email: ana, locale: 'en', statusCode: 422, message: `Address ${ana} refused`, at: now.toISOString() });
  });
  await suppress(app, ana, { reason: 'bounced', detail: 'Permanent' });
  const birthday = { ...app, now: () => new Date('2027-04-03T09:00:00Z') };
  expect((await sendBirthdayGreetings(birthday, await loyaltyContacts(app))).sent).toBeGreaterThan(0);
}, 120_000);

describe('a person\'s data, found and erased everywhere it is stored', () => {
  test('findPerson() shows every place before the erasure', async () => {
    const found = await findPerson(app, ana);
    expect(found).toMatchObject({ subscriber: { status: 'confirmed' }, suppression: { reason: 'bounced' } });
    expect(found!.cards).toHaveLength(1);
    expect(found!.responses).toHaveLength(2);
    expect(found!.followups).toHaveLength(1);
    expect(found!.birthdayGreetings).toHaveLength(1);
    expect(found!.newsletterSends.length).toBeGreaterThanOrEqual(2);
  });

  test('the automatic follow-up note does not copy the address', async () => {
    const followup = (await findPerson(app, ana))!.followups[0]!;
    expect(followup.notes.map((note) => note.text).join(' ')).not.toContain('Follow-up email sent to');
  });

  test('after erasePerson(), no stored document, no CSV and no search holds the address', async () => {
    await erasePerson(app, ana);
    const stored = await snapshotFiles(`${dataDir}/store`);
    for (const [file, text] of Object.entries(stored)) expect(text.toLowerCase(), file).not.toContain(ana);
    for (const kind of ['subscribers', 'card-events'] as const) expect((await csvText(app, kind)).toLowerCase(), kind).not.toContain(ana);
    for (const kind of surveyExports) {
      const csv = await new Response(surveyCsv(app, kind, new Map([['feedback', readSurveyCatalog('feedback')!.survey]]), { tz: 'UTC' })).text();
      expect(csv.toLowerCase(), kind).not.toContain(ana);
    }
    const after = await findPerson(app, ana);
    expect(after).toMatchObject({ subscriber: undefined, cards: [], responses: [], followups: [], birthdayGreetings: [], newsletterSends: [] });
  });
});
