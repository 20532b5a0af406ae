import { describe, expect, test } from 'vitest';
import { alertDue, delayAfter, delayTable, waitBeforeTry, type LockoutPolicy } from '../../src/sessions/lockout.ts';
import { accountLockout } from '../../src/sessions/sessions.ts';

const policy: LockoutPolicy = { free: 3, firstDelayMs: 1000, maxDelayMs: 10_000, forgetAfterMs: 60_000 };
const at = (ms: number) => new Date(Date.UTC(2026, 10, 26, 10) + ms);
const streak = (failures: number, lastAtMs: number) => ({ failures, startedAt: at(0), lastAt: at(lastAtMs) });

describe('delayAfter()', () => {
  test.each([
    [0, 0],
    [2, 0],
    [3, 1000],
    [4, 2000],
    [6, 8000],
    [7, 10_000],
    [1_000_000, 10_000],
  ])('after %i failures the next try waits %i ms', (failures, ms) => {
    expect(delayAfter(policy, failures)).toBe(ms);
  });
});

describe('delayTable()', () => {
  test('lists the waits up to the first one at the cap, which every longer streak keeps', () => {
    expect(delayTable(policy)).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 10_000]);
    expect(delayTable(accountLockout)).toHaveLength(accountLockout.free + 11);
    expect(delayTable(accountLockout).at(-1)).toBe(accountLockout.maxDelayMs);
  });
});

describe('waitBeforeTry()', () => {
  test('no streak, or fewer failures than the free ones: no wait', () => {
    expect(waitBeforeTry(policy, undefined, at(0))).toBe(0);
    expect(waitBeforeTry(policy, streak(2, 0), at(0))).toBe(0);
  });

  test('past the free failures, the wait runs from the last failure', () => {
    expect(waitBeforeTry(policy, streak(4, 0), at(500))).toBe(1500);
    expect(waitBeforeTry(policy, streak(4, 0), at(2000))).toBe(0);
  });

  test('a streak quiet for the forget period is over', () => {
    expect(waitBeforeTry({ ...policy, maxDelayMs: 600_000 }, streak(20, 0), at(60_000))).toBe(0);
  });
});

describe('alertDue()', () => {
  test('the owner hears at the first wait, then at ten and a hundred times as many failures', () => {
    const due = Array.from({ length: 400 }, (_, failures) => failures).filter((failures) => alertDue(policy, failures));
    expect(due).toEqual([3, 30, 300]);
  });
});
