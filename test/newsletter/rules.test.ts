import { describe, expect, test } from 'vitest';
import { config } from '../../netlify/functions/newsletter-send.mts';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { monthIn } from '../../src/domain/periods.ts';
import {
  approvalState,
  approverOf,
  batchKey,
  issueFingerprint,
  issueToSend,
  nextScheduledRun,
  recordedApprover,
  SEND_SCHEDULE,
  singleKey,
} from '../../src/newsletter/rules.ts';

const madrid = 'Europe/Madrid';

describe('monthIn()', () => {
  test.each([
    ['2026-03-31T21:59:00Z', madrid, '2026-03'],
    ['2026-03-31T23:30:00Z', madrid, '2026-04'],
    ['2026-03-31T23:30:00Z', 'UTC', '2026-03'],
    ['2026-12-01T05:00:00Z', 'America/Los_Angeles', '2026-11'],
  ])('%s in %s is %s', (moment, zone, month) => {
    expect(monthIn(new Date(moment), zone)).toBe(month);
  });
});

describe('issueToSend()', () => {
  test("takes the shop's current month's issue when it exists", () => {
    expect(issueToSend(new Date('2026-11-01T09:00:00Z'), madrid, ['2026-10', '2026-11'])).toEqual({ issue: '2026-11', exists: true });
  });
  test('reports a month without an issue', () => {
    expect(issueToSend(new Date('2026-12-01T09:00:00Z'), madrid, ['2026-11'])).toEqual({ issue: '2026-12', exists: false });
  });
  test('an issue asked for wins', () => {
    expect(issueToSend(new Date('2026-12-01T09:00:00Z'), madrid, ['2026-10'], '2026-10')).toEqual({ issue: '2026-10', exists: true });
  });
});

describe('nextScheduledRun()', () => {
  test("the scheduled function's cron is the one the rules reason about", () => {
    expect(config.schedule).toBe(SEND_SCHEDULE);
  });
  test.each([
    ['a later month: its first run', '2026-12', '2026-11-20T10:00:00Z', '2026-12-01T08:00:00.000Z'],
    ['this month, on the 3rd at 10:05: the run at 10:20', '2026-11', '2026-11-03T10:05:00Z', '2026-11-03T10:20:00.000Z'],
    ['this month, on the 3rd after the last run: the 4th at 08:00', '2026-11', '2026-11-03T19:45:00Z', '2026-11-04T08:00:00.000Z'],
  ])('%s', (_, issue, now, next) => {
    expect(nextScheduledRun(issue, new Date(now), madrid)?.toISOString()).toBe(next);
  });
  test.each([
    ['this month after the 7th', '2026-11', '2026-11-08T09:00:00Z'],
    ['a past month', '2026-10', '2026-11-02T09:00:00Z'],
  ])('none for %s: only "Send now" sends it', (_, issue, now) => {
    expect(nextScheduledRun(issue, new Date(now), madrid)).toBeNull();
  });
  test("a shop far west of UTC: a run on UTC's 1st that is still the shop's last day of the month takes the shop's month", () => {
    // 08:00 UTC on 1 December is 22:00 on 30 November in Honolulu.
    expect(nextScheduledRun('2026-11', new Date('2026-11-30T12:00:00Z'), 'Pacific/Honolulu')?.toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });
});

describe('idempotency keys', () => {
  test('batchKey() differs per issue, run and batch', () => {
    const keys = [batchKey('2026-11', 'aaaaaaaa-1', 0), batchKey('2026-11', 'aaaaaaaa-1', 1), batchKey('2026-11', 'bbbbbbbb-2', 0), batchKey('2026-12', 'aaaaaaaa-1', 0)];
    expect(new Set(keys).size).toBe(4);
  });
  test('singleKey() is the same for the same issue and address, and names no address', () => {
    expect(singleKey('2026-11', 'ana@example.com')).toBe(singleKey('2026-11', 'ana@example.com'));
    expect(singleKey('2026-11', 'ana@example.com')).not.toContain('ana');
    expect(singleKey('2026-11', 'ana@example.com')).not.toBe(singleKey('2026-11', 'ben@example.com'));
  });
});

describe('approvals', () => {
  const versions = readIssues().filter((i) => i.id === '2026-11');
  test('an approval covers the text as it was: an edit in either language needs a new one', () => {
    const approval = { fingerprint: issueFingerprint(versions) };
    expect(approvalState(approval, versions)).toBe('approved');
    expect(approvalState(approval, versions.map((v) => (v.locale === 'es' ? { ...v, body: `${v.body}\n\nPosdata.` } : v)))).toBe('changed');
    expect(approvalState(undefined, versions)).toBe('not-approved');
  });
  test.each([[{ via: 'dashboard' as const }], [{ via: 'script' as const, user: 'ana' }]])('%j is recorded and read back', (approver) => {
    expect(approverOf(recordedApprover(approver))).toEqual(approver);
  });
});
