import { describe, expect, test } from 'vitest';
import { normaliseEmail } from '../../src/email/address.ts';

describe('normaliseEmail()', () => {
  test.each([
    ['  Ana@Example.COM ', 'ana@example.com'],
    ['Ana+News@Example.com\n', 'ana+news@example.com'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });

  test.each(['', 'ana', 'ana@', '@example.com', 'ana@@example.com', 'ana @example.com', `${'a'.repeat(250)}@example.com`])('rejects %j', (raw) => {
    expect(normaliseEmail(raw)).toBeNull();
  });
});
