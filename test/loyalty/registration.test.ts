import { describe, expect, test } from 'vitest';
import { birthdaysOn, registrationDetails } from '../../src/loyalty/registration.ts';

describe('registrationDetails', () => {
  const details = { name: ' Ana García ', email: 'Ana@Example.com', birthday: { day: 29, month: 2 }, language: 'es', newsletter: false };

  test('keeps the address in lower case and the name trimmed', () => {
    expect(registrationDetails.parse(details)).toEqual({ ...details, name: 'Ana García', email: 'ana@example.com' });
  });

  test.each([
    ['31 February', { birthday: { day: 31, month: 2 } }],
    ['31 April', { birthday: { day: 31, month: 4 } }],
    ['an empty name', { name: '  ' }],
    ['a malformed address', { email: 'ana@' }],
    ['an unknown language', { language: 'fr' }],
  ])('refuses %s', (_, change) => {
    expect(registrationDetails.safeParse({ ...details, ...change }).success).toBe(false);
  });
});

describe('birthdaysOn()', () => {
  test.each([
    ['2026-11-26', [{ month: 11, day: 26 }]],
    ['2027-02-28', [{ month: 2, day: 28 }, { month: 2, day: 29 }]],
    ['2028-02-28', [{ month: 2, day: 28 }]],
    ['2028-02-29', [{ month: 2, day: 29 }]],
  ])('%s greets %j', (day, expected) => {
    expect(birthdaysOn(day)).toEqual(expected);
  });
});
