import { describe, expect, test } from 'vitest';
import { pseudonym, readToken, sign, signToken, verify } from '../../src/domain/signing.ts';

const now = new Date('2026-11-26T10:00:00Z');
const later = new Date('2026-11-27T10:00:00Z');

describe('sign() / verify()', () => {
  test('accepts its own signature and rejects another secret\'s', () => {
    const mac = sign('s1', 'card:ABC', 10);
    expect(mac).toHaveLength(10);
    expect(verify('s1', 'card:ABC', mac, 10)).toBe(true);
    expect(verify('s2', 'card:ABC', mac, 10)).toBe(false);
    expect(verify('s1', 'card:ABD', mac, 10)).toBe(false);
  });
});

describe('signToken() / readToken()', () => {
  const token = signToken('secret', 'confirm', { email: 'ana@example.com' }, later);

  test('round-trips its data before expiry', () => {
    expect(readToken('secret', 'confirm', token, now)).toEqual({ email: 'ana@example.com' });
  });

  test.each([
    ['expired', () => readToken('secret', 'confirm', token, new Date(later.getTime() + 1))],
    ['another purpose', () => readToken('secret', 'unsubscribe', token, now)],
    ['another secret', () => readToken('other', 'confirm', token, now)],
    ['tampered body', () => readToken('secret', 'confirm', `x${token}`, now)],
    ['truncated', () => readToken('secret', 'confirm', token.slice(0, -3), now)],
    ['garbage', () => readToken('secret', 'confirm', 'not-a-token', now)],
  ])('rejects a token that is %s', (_, read) => {
    expect(read()).toBeNull();
  });
});

test('pseudonym() is stable and does not contain the value', () => {
  expect(pseudonym('s', '203.0.113.9')).toBe(pseudonym('s', '203.0.113.9'));
  expect(pseudonym('s', '203.0.113.9')).not.toContain('203');
  expect(pseudonym('s', '203.0.113.9')).not.toBe(pseudonym('s', '203.0.113.10'));
});
