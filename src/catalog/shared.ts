import type { z } from 'zod';

/**
 * Facts that are not text (price, size, id, date, picture, order) are one value for every language's file. The
 * schemas mark them with `shared()`; from that mark the build refuses disagreeing files (compile.ts) and the
 * editor shows them once and copies them into every file (src/cms/fields.ts, src/cms/shared-facts.ts).
 */

/** The schemas marked shared (a schema is immutable: each `.optional()` or `.default()` wraps it in a new one). */
const sharedFacts = new WeakSet<z.ZodType>();

/**
 * Marks a schema as one value for every language.
 * @example price: z.object({ amount: shared(z.number()), per: shared(text).optional() })
 */
export function shared<T extends z.ZodType>(schema: T): T {
  sharedFacts.add(schema);
  return schema;
}

// zod 4's public `def` of each schema kind, as far as this walk and the CMS field generator (src/cms/fields.ts) read it.
export type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  defaultValue?: unknown;
  values?: unknown[];
  entries?: Record<string, string>;
  checks?: { _zod: { def: { check: string; format?: string; pattern?: RegExp; minimum?: number; maximum?: number; value?: number } } }[];
  format?: string;
  pattern?: RegExp;
};
export const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;
const wrappers = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly']);

/** The schema under its optional/default wrappers, and whether any layer is marked shared. */
export function unwrapShared(schema: z.ZodType): { inner: z.ZodType; shared: boolean } {
  let inner = schema;
  let marked = sharedFacts.has(inner);
  while (wrappers.has(defOf(inner).type)) {
    inner = defOf(inner).innerType!;
    marked ||= sharedFacts.has(inner);
  }
  return { inner, shared: marked };
}

/** How much of a schema is shared: all of it (every value inside), some of it, or none. */
export function sharing(schema: z.ZodType): 'all' | 'some' | 'none' {
  const { inner, shared: marked } = unwrapShared(schema);
  if (marked) return 'all';
  const def = defOf(inner);
  const children = def.shape ? Object.values(def.shape) : [];
  if (children.length === 0) return 'none';
  const kinds = new Set(children.map(sharing));
  return kinds.size === 1 ? [...kinds][0]! : 'some';
}

/** One shared fact of an entry: its value at a path, or (`count`) how many items a list has whose items hold facts. */
export interface Fact {
  path: (string | number)[];
  value: unknown;
  count?: boolean;
}

/** `steps.2.image.src`, or `steps (number of items)` for a count. */
export const factKey = (fact: Pick<Fact, 'path' | 'count'>): string => `${fact.path.join('.')}${fact.count ? '#' : ''}`;

/** Every shared fact of `data` by its key; a list whose items hold facts also counts its items (same in every language). */
export function factsOf(schema: z.ZodType, data: unknown, path: (string | number)[] = []): Map<string, Fact> {
  const facts = new Map<string, Fact>();
  const add = (fact: Fact) => facts.set(factKey(fact), fact);
  const walk = (node: z.ZodType, value: unknown, at: (string | number)[]) => {
    const { inner, shared: marked } = unwrapShared(node);
    if (marked) return add({ path: at, value });
    const def = defOf(inner);
    if (def.shape) {
      const object = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
      for (const [name, child] of Object.entries(def.shape)) walk(child, object[name], [...at, name]);
    } else if (def.type === 'array' && def.element && sharing(def.element) !== 'none') {
      const items = Array.isArray(value) ? value : [];
      add({ path: at, value: items.length, count: true });
      items.forEach((item, i) => walk(def.element!, item, [...at, i]));
    }
  };
  walk(schema, data, path);
  return facts;
}

/** A value in a form that compares equal whatever the key order, dates as ISO text; `undefined` for none. */
export function canonical(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const sorted = (v: unknown): unknown => {
    // A day (as dates in content are) without its midnight.
    if (v instanceof Date) return v.toISOString().replace(/T00:00:00\.000Z$/, '');
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((key) => [key, sorted((v as Record<string, unknown>)[key])]));
    return v;
  };
  return JSON.stringify(sorted(value));
}

/** A fact's value for a message: `13.5`, `"250 g"`, `(none)`. */
export const shown = (value: unknown): string => canonical(value) ?? '(none)';

export interface Disagreement {
  key: string;
  fact: Fact;
  /** Each file's value, in the order given. */
  values: { file: string; value: unknown }[];
}

/** The shared facts on which the files of one entry (one per language: its data, checked or as written) disagree. */
export function disagreements(schema: z.ZodType, entries: { file: string; data: unknown }[]): Disagreement[] {
  const facts = entries.map((entry) => factsOf(schema, entry.data));
  const keys = [...new Set(facts.flatMap((map) => [...map.keys()]))];
  const found = keys.flatMap((key) => {
    const values = entries.map((entry, i) => ({ file: entry.file, value: facts[i]!.get(key)?.value }));
    if (new Set(values.map((v) => canonical(v.value))).size === 1) return [];
    const fact = facts.find((map) => map.has(key))!.get(key)!;
    return [{ key, fact, values }];
  });
  // Lists of different lengths: say so once, not once more for every item only one of them has.
  const uneven = found.filter((d) => d.fact.count).map((d) => `${d.fact.path.join('.')}.`);
  return found.filter((d) => d.fact.count || !uneven.some((list) => d.key.startsWith(list)));
}
