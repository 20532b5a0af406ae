import { z } from 'zod';
import type { App } from '../app.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { followupStatuses, type Followup } from './responses.ts';

/**
 * The follow-up list's index, so the list is counted, ordered and paged
 * without reading every complaint ever:
 *
 *   rollups/followups/{yyyy-mm}   { through, items: { [id]: { status, createdAt, contactedAt, resolvedAt } } }
 *
 * by the month a complaint came in. Closed days are folded in once (see
 * rollup-months.ts); a change of status writes its entry at once
 * (`indexFollowup`), and a fold never overwrites an entry already there.
 */
const entrySchema = z.object({ status: z.enum(followupStatuses), createdAt: z.string(), contactedAt: z.string().nullable(), resolvedAt: z.string().nullable().optional() });
const indexSchema = z.object({ through: z.string().nullable(), items: z.record(z.string(), entrySchema) });
export type FollowupIndex = z.infer<typeof indexSchema>;

export const followupIndexDoc = (month: string): Doc<FollowupIndex> =>
  defineDoc(`rollups/followups/${month}`, indexSchema, () => ({ through: null, items: {} }));

export const entryOf = ({ status, createdAt, contactedAt, resolvedAt }: Followup) => ({ status, createdAt, contactedAt, resolvedAt });

/** Writes a follow-up's current status into the index: call after every change of a follow-up. */
export async function indexFollowup(app: App, followup: Followup): Promise<void> {
  await app.store.update(followupIndexDoc(followup.createdAt.slice(0, 7)), (draft) => {
    draft.items[followup.id] = entryOf(followup);
  });
}
