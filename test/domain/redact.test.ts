import { describe, expect, test } from 'vitest';
import { ERASED, redact } from '../../src/domain/redact.ts';

describe('redact(): a person taken out of free text', () => {
  test('their address in any case, and their names as whole words', () => {
    expect(redact('Call Ana: ANA@Example.com. Anabel stays', 'ana@example.com', ['Ana'])).toBe(`Call ${ERASED}: ${ERASED}. Anabel stays`);
  });

  test('someone else\'s address that contains theirs stays whole', () => {
    expect(redact('Ana (ana@x.com) and Juana (juana@x.com, or ana@x.com.es)', 'ana@x.com')).toBe(`Ana (${ERASED}) and Juana (juana@x.com, or ana@x.com.es)`);
  });
});
