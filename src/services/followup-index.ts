import { z } from 'zod';
import type { App } from '../app.ts';
import { summariseMonth, type IndexEntry, type MonthSummary } from '../domain/followup-index.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { followupStatuses, type Followup } from './responses.ts';

/**
 * The follow-up list's index, so the list is counted, ordered and paged
 * without reading every complaint ever:
 *
 *   rollups/followups/{yyyy-mm}   { through, version, items: { [id]: { status, createdAt, contactedAt, resolvedAt } } }
 *   rollups/followups-summary     { months: { [yyyy-mm]: MonthSummary } }   (counts, contact times, entries still to do, resolutions per month)
 *
 * by the month a complaint came in. Closed days are folded in once (see
 * rollup-months.ts); a change of status writes its entry at once
 * (`indexFollowup`), and a fold never overwrites an entry already there. Every
 * write of a month's index bumps its version and re-summarises it, so the list
 * reads one small summary instead of every month's entries.
 */
const entrySchema = z.object({ status: z.enum(followupStatuses), createdAt: z.string(), contactedAt: z.string().nullable(), resolvedAt: z.string().nullable().optional() });
const indexSchema = z.object({ through: z.string().nullable(), version: z.number().int().default(0), items: z.record(z.string(), entrySchema) });
export type FollowupIndex = z.infer<typeof indexSchema>;

export const followupIndexDoc = (month: string): Doc<FollowupIndex> =>
  defineDoc(`rollups/followups/${month}`, indexSchema, () => ({ through: null, version: 0, items: {} }));

const counted = z.object({ open: z.number().int(), contacted: z.number().int(), resolved: z.number().int() });
const summarySchema = z.object({
  months: z.record(
    z.string(),
    z.object({
      version: z.number().int(),
      through: z.string().nullable(),
      counts: counted,
      contactTimes: z.record(z.string(), z.number().int()),
      todo: z.array(entrySchema.extend({ id: z.string() })),
      resolvedIn: z.record(z.string(), z.number().int()).optional(),
    }),
  ),
});
export const followupSummaryDoc = defineDoc('rollups/followups-summary', summarySchema, () => ({ months: {} }));

export const entryOf = ({ status, createdAt, contactedAt, resolvedAt }: Followup) => ({ status, createdAt, contactedAt, resolvedAt });

/** A month's index entries, each with its id. */
export const entriesOf = (index: FollowupIndex): IndexEntry[] => Object.entries(index.items).map(([id, entry]) => ({ id, ...entry }));

/**
 * Stores the summary of a month's index as it was just written; an older
 * version (a writer that finished later but wrote earlier) never replaces a newer one.
 */
export async function summariseIndex(app: App, month: string, index: FollowupIndex): Promise<MonthSummary> {
  const next = summariseMonth(entriesOf(index), index.through, index.version);
  return app.store.update(followupSummaryDoc, (draft) => {
    const have = draft.months[month];
    // A summary written before it kept resolvedIn is replaced by the same version's.
    if (!have || next.version > have.version || (next.version === have.version && ((next.through ?? '') > (have.through ?? '') || !have.resolvedIn))) draft.months[month] = next;
    return structuredClone(draft.months[month]!);
  });
}

/** Writes a follow-up's current status into the index: call after every change of a follow-up. */
export async function indexFollowup(app: App, followup: Followup): Promise<void> {
  const month = followup.createdAt.slice(0, 7);
  const index = await app.store.update(followupIndexDoc(month), (draft) => {
    draft.items[followup.id] = entryOf(followup);
    draft.version += 1;
    return structuredClone(draft);
  });
  await summariseIndex(app, month, index);
}
