/** Finding and removing a person's details inside free text (answers, notes), for erasure. */

export const ERASED = '[erased]';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Loose on purpose (what a person types: `Ana@Example.com.` at the end of a sentence); normaliseEmail checks each one.
const addressLike = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/**
 * The email addresses typed into free text, as written (the caller normalises them).
 * @example addressesIn('Write to Ana@x.com. Thanks') // ['Ana@x.com']
 */
export function addressesIn(text: string): string[] {
  return text.match(addressLike) ?? [];
}

/**
 * `text` with the address and each given name (whole words, any case) replaced by "[erased]".
 * @example redact('Call Ana: ana@x.com', 'ana@x.com', ['Ana']) // 'Call [erased]: [erased]'
 */
export function redact(text: string, email: string, names: readonly string[] = []): string {
  // The address whole: not the end of juana@x.com, nor the start of ana@x.com.es (a sentence's final dot is fine).
  const address = `(?<![\\p{L}\\p{N}._%+-])${escape(email)}(?![\\p{L}\\p{N}-]|\\.[\\p{L}\\p{N}])`;
  const terms = [address, ...names.filter((name) => name.trim().length > 1).map((name) => `(?<![\\p{L}\\p{N}])${escape(name.trim())}(?![\\p{L}\\p{N}])`)];
  return text.replace(new RegExp(terms.join('|'), 'giu'), ERASED);
}
