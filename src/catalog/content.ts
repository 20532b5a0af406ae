import type { z } from 'zod';
import type { CollectionName, CompiledContent, CompiledEntry } from './compile.ts';
import compiled from './generated/content.json' with { type: 'json' };

/** The shop's content as compiled at build (./compile.ts): bundled like any module, never read from content/ at run time. */
let current = compiled as unknown as CompiledContent;
let parsed = new Map<CollectionName, WeakMap<z.ZodType, Entry<unknown>[]>>();

/** A compiled entry whose data a schema has read. */
export type Entry<T> = Omit<CompiledEntry, 'data'> & { data: T };

/** Every entry of a collection, read through `schema` (defaults, dates); parsed once per schema. */
export function readCollection<T>(collection: CollectionName, schema: z.ZodType<T>): Entry<T>[] {
  const bySchema = parsed.get(collection) ?? new WeakMap();
  parsed.set(collection, bySchema);
  const cached = bySchema.get(schema) as Entry<T>[] | undefined;
  if (cached) return cached;
  const list = current[collection].map((entry) => ({ ...entry, data: schema.parse(entry.data) }));
  bySchema.set(schema, list);
  return list;
}

/** Tests only: read other content (e.g. `compileContent(tempFolder)`) until the returned function puts it back. */
export function useContent(content: CompiledContent): () => void {
  const before = current;
  const swap = (next: CompiledContent) => {
    current = next;
    parsed = new Map();
  };
  swap(content);
  return () => swap(before);
}
