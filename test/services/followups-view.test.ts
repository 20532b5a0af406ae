import { beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { followupIndexDoc } from '../../src/services/followup-index.ts';
import { newRecordId } from '../../src/services/records.ts';
import { followupDoc, type Followup } from '../../src/services/responses.ts';
import { updateFollowup } from '../../src/services/followups.ts';
import { FOLLOWUPS_PER_PAGE, followupsView } from '../../src/services/followups-view.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { countReads } from '../support/reads.ts';
import { testApp } from '../support/temp.ts';

const DAY = 86_400_000;
let app: App;
let clock: Awaited<ReturnType<typeof testApp>>['clock'];
let catalog: SurveyCatalog;
let reads: string[];

/** A complaint recorded at `iso` through the real service; returns its id. */
async function complain(iso: string): Promise<string> {
  clock.set(iso);
  const result = await recordResponse(app, catalog, { survey: 'feedback', locale: 'en', at: 'counter', answers: { overall: 1, nps: 2, wrong: `Complaint of ${iso}` } }, { client: `c-${iso}`, started: new Date(Date.parse(iso) - 60_000) });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.response.id;
}

beforeEach(async () => {
  const made = await testApp({ RESEND_API_KEY: '' });
  clock = made.clock;
  ({ app, reads } = countReads(made.app));
  catalog = readSurveyCatalog('feedback')!;
});

describe('followupsView()', () => {
  test(`pages of ${FOLLOWUPS_PER_PAGE}: open first, newest first, with counts of every status`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < FOLLOWUPS_PER_PAGE + 5; i++) ids.push(await complain(new Date(Date.parse('2026-10-01T09:00:00Z') + i * DAY).toISOString()));
    clock.set('2026-11-26T10:00:00Z');
    await updateFollowup(app, ids.at(-1)!, { status: 'contacted' });
    await updateFollowup(app, ids[0]!, { status: 'resolved' });

    const first = await followupsView(app, { page: 1 });
    expect(first.counts).toEqual({ open: FOLLOWUPS_PER_PAGE + 3, contacted: 1, resolved: 1 });
    expect(first.page).toMatchObject({ page: 1, pages: 2, total: FOLLOWUPS_PER_PAGE + 4, first: 1 });
    expect(first.page.items.map((item) => item.followup.id)).toEqual(ids.slice(1, -1).reverse().slice(0, FOLLOWUPS_PER_PAGE));
    expect(first.page.items[0]!.response?.answers.wrong).toMatch(/^Complaint of /);

    const second = await followupsView(app, { page: 2 });
    expect(second.page.items.map((item) => item.followup.id)).toEqual([...ids.slice(1, 4).reverse(), ids.at(-1)]);
    expect((await followupsView(app, { status: 'resolved', page: 1 })).page.items.map((item) => item.followup.id)).toEqual([ids[0]]);
    expect((await followupsView(app, { page: 1, show: ids[5] })).page.items.map((item) => item.followup.id)).toEqual([ids[5]]);
  }, 60_000); // 25 complaints recorded through the service: slow on a busy machine.

  test('closed days come from the index; a change of status shows at once, also in a day already folded', async () => {
    const older = await complain('2026-11-20T09:00:00Z');
    clock.set('2026-11-26T10:00:00Z');
    expect((await followupsView(app, { page: 1 })).counts.open).toBe(1);
    expect(Object.keys((await app.store.read(followupIndexDoc('2026-11'))).items)).toEqual([older]);

    await updateFollowup(app, older, { status: 'resolved' });
    const today = await complain('2026-11-26T10:30:00Z');
    reads.length = 0;
    const view = await followupsView(app, { page: 1 });
    expect(view.counts).toEqual({ open: 1, contacted: 0, resolved: 1 });
    expect(view.page.items.map((item) => item.followup.id)).toEqual([today]);
    // The resolved complaint of a closed day is counted from the index: neither it nor its response is read.
    expect(reads.filter((key) => key.includes('2026-11-20') && !key.startsWith('rollups/'))).toEqual([]);
  });

  /** A complaint written straight in the store as a record (fast: no service), resolved 5 hours later unless `open`. */
  async function stored(iso: string, open = false): Promise<string> {
    const at = new Date(iso);
    const id = newRecordId(at);
    const followup: Followup = {
      id, responseId: id, survey: 'feedback', locale: 'en', location: null, product: null, reasons: [{ kind: 'nps', question: 'nps', score: 2 }], notes: [],
      status: open ? 'open' : 'resolved', createdAt: iso, contactedAt: open ? null : new Date(at.getTime() + 5 * 3_600_000).toISOString(),
      resolvedAt: open ? null : new Date(at.getTime() + 6 * 3_600_000).toISOString(), emailedAt: null,
    };
    await app.store.create(followupDoc(id)!, followup);
    return id;
  }

  test('the resolved tab pages newest first across months, reading only the months its page falls in', async () => {
    // 45 resolved complaints, 15 a month in August, September and October, and one still open.
    const resolved: string[] = [];
    for (const month of ['08', '09', '10']) for (let day = 1; day <= 15; day++) resolved.push(await stored(`2026-${month}-${String(day).padStart(2, '0')}T09:00:00.000Z`));
    const open = await stored('2026-10-20T09:00:00.000Z', true);
    clock.set('2026-11-26T10:00:00Z');
    const newestFirst = resolved.toReversed();

    const first = await followupsView(app, { status: 'resolved', page: 1 });
    expect(first.counts).toEqual({ open: 1, contacted: 0, resolved: 45 });
    expect(first.medianToContact).toBe(5 * 3_600_000);
    expect(first.page).toMatchObject({ page: 1, pages: 3, total: 45, first: 1 });
    expect(first.page.items.map((item) => item.followup.id)).toEqual(newestFirst.slice(0, 20));

    reads.length = 0;
    const second = await followupsView(app, { status: 'resolved', page: 2 });
    expect(second.page).toMatchObject({ page: 2, pages: 3, total: 45, first: 21 });
    expect(second.page.items.map((item) => item.followup.id)).toEqual(newestFirst.slice(20, 40));
    // Page 2 is October's last 0, September's 15 and August's first 5: August and September are read, October is not.
    expect(reads.filter((key) => key.startsWith('rollups/followups/')).toSorted()).toEqual(['rollups/followups/2026-08', 'rollups/followups/2026-09']);
    expect((await followupsView(app, { status: 'resolved', page: 3 })).page.items.map((item) => item.followup.id)).toEqual(newestFirst.slice(40));
    expect((await followupsView(app, { page: 1 })).page.items.map((item) => item.followup.id)).toEqual([open]);
  }, 60_000);

  test('once the closed days are folded, a view reads one summary, today\'s complaints and its page\'s records: no month\'s index', async () => {
    for (const month of ['08', '09', '10']) for (let day = 1; day <= 5; day++) await stored(`2026-${month}-${String(day).padStart(2, '0')}T09:00:00.000Z`, day === 1);
    clock.set('2026-11-26T10:00:00Z');
    await followupsView(app, { page: 1 });
    const today = await complain('2026-11-26T10:30:00Z');

    reads.length = 0;
    const view = await followupsView(app, { page: 1 });
    expect(view.counts).toEqual({ open: 4, contacted: 0, resolved: 12 });
    expect(view.page.items[0]!.followup.id).toBe(today);
    expect(reads.filter((key) => key.startsWith('rollups/'))).toEqual(['rollups/followups-summary']);
    // The four to do and their responses, nothing else of the 16 complaints.
    expect(reads.filter((key) => !key.startsWith('rollups/')).length).toBeLessThanOrEqual(2 * 4 + 1);
  }, 60_000);
});

