import { describe, expect, test } from 'vitest';
import { readFollowupContent, changeFollowup, FOLLOWUPS_PER_PAGE, followupsView } from '../../src/surveys/followups.ts';
import { complaintFigures, findComplaint } from '../../src/surveys/queries.ts';
import { engines, rowCounts } from '../support/db.ts';
import { freshApps, storeResponses } from '../support/surveys.ts';

const content = readFollowupContent();
const survey = content.surveys.get('feedback')!;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const complaintAt = (submittedAt: string | Date) => ({ answers: { overall: 1, nps: 2, wrong: `Complaint of ${new Date(submittedAt).toISOString()}` }, submittedAt });

describe.each(engines)('follow-ups on %s', (engine) => {
  const setup = freshApps(engine);

  test('changeFollowup() moves open → contacted → resolved: first contact kept once, resolution cleared when reopened, notes as rows', async () => {
    const { app, clock } = await setup();
    const [id] = await storeResponses(app.db, survey, [complaintAt('2026-11-26T09:00:00Z')]);
    clock.set('2026-11-26T11:00:00Z');
    const contacted = await changeFollowup(app, id!, { status: 'contacted', note: 'Called Ana, she will come by on Friday' });
    expect(contacted?.followup).toMatchObject({ status: 'contacted', contactedAt: new Date('2026-11-26T11:00:00Z'), notes: [{ at: new Date('2026-11-26T11:00:00Z'), text: 'Called Ana, she will come by on Friday' }] });
    clock.set('2026-11-26T12:00:00Z');
    expect((await changeFollowup(app, id!, { status: 'resolved' }))?.followup).toMatchObject({ status: 'resolved', contactedAt: new Date('2026-11-26T11:00:00Z'), resolvedAt: new Date('2026-11-26T12:00:00Z') });
    clock.set('2026-11-27T09:00:00Z');
    expect((await changeFollowup(app, id!, { status: 'open', note: 'She wrote again' }))?.followup).toMatchObject({ status: 'open', contactedAt: new Date('2026-11-26T11:00:00Z'), resolvedAt: null });
    clock.set('2026-11-27T10:00:00Z');
    const again = await changeFollowup(app, id!, { status: 'contacted' });
    expect(again?.followup).toMatchObject({ status: 'contacted', contactedAt: new Date('2026-11-26T11:00:00Z') });
    expect(again?.followup.notes.map((note) => note.text)).toEqual(['Called Ana, she will come by on Friday', 'She wrote again']);
    expect((await rowCounts(app.db)).followup_notes).toBe(2);
  });

  test('changeFollowup() of no follow-up changes nothing and says so', async () => {
    const { app } = await setup();
    const [happy] = await storeResponses(app.db, survey, [{ answers: { overall: 5, nps: 10 }, submittedAt: '2026-11-26T09:00:00Z' }]);
    for (const id of [happy!, '00000000-0000-4000-8000-000000000000', 'nonsense']) expect(await changeFollowup(app, id, { note: 'x' })).toBeUndefined();
    expect((await rowCounts(app.db)).followup_notes).toBe(0);
  });

  test('20 simultaneous status changes and notes: contacted once, at the first change, and every note kept', async () => {
    const { app } = await setup();
    const [id] = await storeResponses(app.db, survey, [complaintAt('2026-11-26T09:00:00Z')]);
    await Promise.all(Array.from({ length: 20 }, (_, i) => changeFollowup({ ...app, now: () => new Date(Date.UTC(2026, 10, 26, 10, i)) }, id!, { status: 'contacted', note: `note ${i}` })));
    const { followup } = (await findComplaint(app.db, id!))!;
    expect(followup.notes).toHaveLength(20);
    // Whichever change came first set the time; no later one moved it.
    expect(followup.notes.map((note) => note.at.getTime())).toContain(followup.contactedAt!.getTime());
    expect(await app.db.query('SELECT count(DISTINCT contacted_at)::int AS n FROM followups')).toEqual([{ n: 1 }]);
  });

  test(`followupsView(): pages of ${FOLLOWUPS_PER_PAGE}, open first, newest first, with each status counted and one complaint alone`, async () => {
    const { app, clock } = await setup();
    const ids = await storeResponses(app.db, survey, Array.from({ length: FOLLOWUPS_PER_PAGE + 5 }, (_, i) => complaintAt(new Date(Date.parse('2026-10-01T09:00:00Z') + i * DAY))));
    clock.set('2026-11-26T10:00:00Z');
    await changeFollowup(app, ids.at(-1)!, { status: 'contacted' });
    await changeFollowup(app, ids[0]!, { status: 'resolved' });

    const first = await followupsView(app, content, { page: 1 });
    expect(first.figures.now).toEqual({ open: FOLLOWUPS_PER_PAGE + 3, contacted: 1, resolved: 1 });
    expect(first.page).toMatchObject({ page: 1, pages: 2, total: FOLLOWUPS_PER_PAGE + 4, first: 1 });
    expect(first.page.items.map((item) => item.followup.id)).toEqual(ids.slice(1, -1).reverse().slice(0, FOLLOWUPS_PER_PAGE));
    expect(first.page.items[0]!.response.answers.wrong).toMatch(/^Complaint of /);

    const second = await followupsView(app, content, { page: 2 });
    expect(second.page.items.map((item) => item.followup.id)).toEqual([...ids.slice(1, 4).reverse(), ids.at(-1)]);
    expect((await followupsView(app, content, { status: 'resolved', page: 1 })).page.items.map((item) => item.followup.id)).toEqual([ids[0]]);
    expect((await followupsView(app, content, { page: 1, show: ids[5] })).page.items.map((item) => item.followup.id)).toEqual([ids[5]]);
    expect((await followupsView(app, content, { page: 1, show: 'nonsense' })).page).toMatchObject({ items: [], total: 0 });
  });

  test('the figures: medians of time to first contact and to resolution, in the shop\'s days', async () => {
    const { app, clock } = await setup();
    // Contacted after 1, 2 and 6 hours (median 2 h), resolved after 10 and 30 hours (median 20 h); one never contacted.
    const times = [1, 2, 6, undefined];
    const ids = await storeResponses(app.db, survey, times.map((_, i) => complaintAt(new Date(Date.parse('2026-11-02T08:00:00Z') + i * DAY))));
    for (const [i, hours] of times.entries()) {
      if (hours === undefined) continue;
      clock.set(new Date(Date.parse('2026-11-02T08:00:00Z') + i * DAY + hours * HOUR));
      await changeFollowup(app, ids[i]!, { status: 'contacted' });
    }
    for (const [i, hours] of [[0, 10], [1, 30]] as const) {
      clock.set(new Date(Date.parse('2026-11-02T08:00:00Z') + i * DAY + hours * HOUR));
      await changeFollowup(app, ids[i]!, { status: 'resolved' });
    }
    const figures = await complaintFigures(app.db, { tz: 'Europe/Madrid' });
    expect(figures).toEqual({
      received: 4, resolved: 2, now: { open: 1, contacted: 1, resolved: 2 },
      medianToContact: 2 * HOUR, medianToResolve: 20 * HOUR, contactedWithinTwoDays: 3,
    });
    expect((await followupsView(app, content, { page: 1 })).figures).toEqual(figures);
  });

  test('a complaint at 2026-03-31T23:30:00Z is received in April for Europe/Madrid', async () => {
    const { app } = await setup();
    await storeResponses(app.db, survey, [complaintAt('2026-03-31T23:30:00Z')]);
    const received = async (from: string, to: string, tz: string) => (await complaintFigures(app.db, { from, to, tz })).received;
    expect(await received('2026-04-01', '2026-04-30', 'Europe/Madrid')).toBe(1);
    expect(await received('2026-03-01', '2026-03-31', 'Europe/Madrid')).toBe(0);
    expect(await received('2026-03-01', '2026-03-31', 'UTC')).toBe(1);
  });
});
