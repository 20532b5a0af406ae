import type { App } from '../app.ts';
import type { Doc } from '../store/store.ts';
import { DAY_MS, dayStart } from './rollup-months.ts';

/**
 * A running rollup in one document: everything up to its `through` day folded
 * in. When days have closed since (`lastClosed`, see rollup-months.ts), `fold`
 * adds their records to what is stored (`stored` undefined: from the start,
 * all history, with `from` undefined) and the result is stored, unless another
 * view stored a fold first (then both folded the same days: either stands).
 * `current` says whether a stored rollup still counts (false: fold from the start).
 * @example await foldedThrough(app, answersDoc, '2026-11-25', async (stored, from, to) => ({ counts: … }))
 */
export async function foldedThrough<T extends { through: string | null }>(
  app: App,
  doc: Doc<T>,
  lastClosed: string,
  fold: (stored: T | undefined, from: Date | undefined, to: Date) => Promise<Omit<T, 'through'>>,
  current: (stored: T) => boolean = () => true,
): Promise<T> {
  const stored = await app.store.read(doc);
  const usable = stored.through !== null && current(stored);
  if (usable && stored.through! >= lastClosed) return stored;
  const from = usable ? new Date(dayStart(stored.through!) + DAY_MS) : undefined;
  const folded = { ...(await fold(usable ? stored : undefined, from, new Date(dayStart(lastClosed) + DAY_MS))), through: lastClosed } as T;
  const before = JSON.stringify(stored);
  await app.store.update(doc, (draft) => {
    if (JSON.stringify(draft) === before) Object.assign(draft, folded);
  });
  return folded;
}
