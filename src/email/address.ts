import { z } from 'zod';

const emailCheck = z.email();

/**
 * An address as the kit stores and compares it: trimmed, Unicode NFC, lower case;
 * null when it is not a plausible address.
 * @example normaliseEmail('  Ana@Example.COM ') → 'ana@example.com'
 */
export function normaliseEmail(raw: string): string | null {
  const email = raw.normalize('NFC').trim().toLowerCase();
  if (email.length > 254 || !emailCheck.safeParse(email).success) return null;
  return email;
}
