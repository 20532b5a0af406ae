import { z } from 'zod';
import { firstRow, rows, type Db } from '../db/db.ts';
import { delayTable, type FailureStreak, type LockoutPolicy } from './lockout.ts';
import type { Role } from './roles.ts';

/**
 * The SQL of sign-in and sessions (tables in netlify/database/migrations/0005_sessions.sql): sessions are
 * rows the server can end, and each account's streaks of wrong tries are counted by one statement.
 */

/**
 * Stores a session (only its token's hash) for the browser `device`. The same statement drops expired sessions and
 * this role's sessions started with another secret (a changed PIN or password), and forgives the browser its streak.
 * @example await startSession(app.db, { tokenHash, role: 'staff', fingerprint, device, now, expiresAt })
 */
export async function startSession(
  db: Db,
  session: { tokenHash: string; role: Role; fingerprint: string; device: string; now: Date; expiresAt: Date },
): Promise<void> {
  const { tokenHash, role, fingerprint, device, now, expiresAt } = session;
  await db.query(
    `WITH ended AS (
       DELETE FROM sessions WHERE expires_at <= $5 OR (role = $2 AND secret_fingerprint <> $3)
     ), forgiven AS (
       DELETE FROM account_lockouts WHERE account = $2 AND device = $4
     )
     INSERT INTO sessions (token_hash, role, secret_fingerprint, device, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [tokenHash, role, fingerprint, device, now, expiresAt],
  );
}

/**
 * Whether a session exists, is unexpired, and was started with the role's current secret.
 * @example await sessionIsOpen(app.db, tokenHash, 'admin', fingerprint, now) → true
 */
export async function sessionIsOpen(db: Db, tokenHash: string, role: Role, fingerprint: string, now: Date): Promise<boolean> {
  const sql = 'SELECT EXISTS (SELECT FROM sessions WHERE token_hash = $1 AND role = $2 AND secret_fingerprint = $3 AND expires_at > $4) AS open';
  return (await firstRow(db, z.object({ open: z.boolean() }), sql, [tokenHash, role, fingerprint, now]))?.open ?? false;
}

/** Sign-out: this session goes, and expired ones with it. @example await endSession(app.db, tokenHash, now) */
export async function endSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2', [tokenHash, now]);
}

/**
 * Ends every session of the given roles (expired ones go too, uncounted); how many were open.
 * @example await endSessions(app.db, ['staff'], now) → 3
 */
export async function endSessions(db: Db, ofRoles: Role[], now: Date): Promise<number> {
  const sql = 'DELETE FROM sessions WHERE role = ANY ($1::text[]) OR expires_at <= $2 RETURNING expires_at > $2 AS open';
  return (await rows(db, z.object({ open: z.boolean() }), sql, [ofRoles, now])).filter((row) => row.open).length;
}

/**
 * Sessions that still open something (unexpired, started with the role's current secret), per role.
 * @example await openSessions(app.db, { staff: fpStaff, admin: fpAdmin }, now) → { staff: 3, admin: 1 }
 */
export async function openSessions(db: Db, fingerprints: Record<Role, string>, now: Date): Promise<Record<Role, number>> {
  const counted = await rows(
    db,
    z.object({ role: z.enum(['staff', 'admin']), n: z.number() }),
    `SELECT role, count(*)::int AS n FROM sessions
     WHERE expires_at > $1 AND secret_fingerprint = CASE role WHEN 'staff' THEN $2 ELSE $3 END
     GROUP BY role`,
    [now, fingerprints.staff, fingerprints.admin],
  );
  return { staff: 0, admin: 0, ...Object.fromEntries(counted.map(({ role, n }) => [role, n])) };
}

// One try at an account from one kind of browser ($2: a known browser's device id, or '' for every browser the
// account does not know). A wrong try ($3) counts only when the streak lets a try through: ON CONFLICT DO
// UPDATE locks the streak's row and checks its WHERE on the newest version, so simultaneous wrong tries never
// get past the policy on any engine. A right try writes nothing. The wait after n failures is looked up in
// $6 (delayTable(): the rule stays in src/sessions/lockout.ts). Streaks quiet since $5 start afresh, and the
// same statement drops other accounts' and browsers' quiet streaks. It answers the streak as the try found it
// ('before'), and as the try left it when it counted ('counted').
const tryAccountSql = `
  WITH forgotten AS (
    DELETE FROM account_lockouts WHERE last_at <= $5 AND NOT (account = $1 AND device = $2)
  ), before AS (
    SELECT failures, started_at, last_at FROM account_lockouts WHERE account = $1 AND device = $2
  ), counted AS (
    INSERT INTO account_lockouts AS l (account, device, failures, started_at, last_at)
    SELECT $1, $2, 1, $4::timestamptz, $4::timestamptz WHERE $3::boolean
    ON CONFLICT (account, device) DO UPDATE SET
      failures   = CASE WHEN l.last_at <= $5 THEN 1 ELSE l.failures + 1 END,
      started_at = CASE WHEN l.last_at <= $5 THEN EXCLUDED.started_at ELSE l.started_at END,
      last_at    = EXCLUDED.last_at
    WHERE l.last_at <= $5
       OR l.last_at + ($6::float8[])[least(l.failures, cardinality($6::float8[]) - 1) + 1] * interval '1 millisecond' <= EXCLUDED.last_at
    RETURNING failures, started_at, last_at
  )
  SELECT 'counted' AS streak, failures, started_at, last_at FROM counted
  UNION ALL
  SELECT 'before', failures, started_at, last_at FROM before`;

const streakRow = z.object({ streak: z.enum(['counted', 'before']), failures: z.number(), started_at: z.coerce.date(), last_at: z.coerce.date() });

/**
 * Counts a wrong try if the streak lets it through (a right one counts nothing): the streak before the try,
 * and after it when it was counted.
 * @example await tryAccount(app.db, policy, { account: 'staff', device: '', failed: true, now })
 */
export async function tryAccount(
  db: Db,
  policy: LockoutPolicy,
  attempt: { account: Role; device: string; failed: boolean; now: Date },
): Promise<{ before: FailureStreak | undefined; counted: FailureStreak | undefined }> {
  const { account, device, failed, now } = attempt;
  const forgottenBy = new Date(now.getTime() - policy.forgetAfterMs);
  const found = await rows(db, streakRow, tryAccountSql, [account, device, failed, now, forgottenBy, delayTable(policy)]);
  const streak = (which: 'counted' | 'before') => {
    const row = found.find((r) => r.streak === which);
    return row && { failures: row.failures, startedAt: row.started_at, lastAt: row.last_at };
  };
  return { before: streak('before'), counted: streak('counted') };
}

// What the dashboard says while limits are being hit: per account, the streaks past their free failures that
// are not yet forgotten, from new browsers and remembered ones together.
const limitingStreaksSql = `
  SELECT account, sum(failures)::int AS failures, min(started_at) AS started_at, max(last_at) AS last_at
  FROM account_lockouts WHERE last_at > $1 AND failures >= $2
  GROUP BY account ORDER BY account`;

/** @example await limitingStreaks(app.db, policy, now) → [{ account: 'staff', failures: 37, startedAt, lastAt }] */
export async function limitingStreaks(db: Db, policy: LockoutPolicy, now: Date): Promise<(FailureStreak & { account: Role })[]> {
  const schema = z.object({ account: z.enum(['staff', 'admin']), failures: z.number(), started_at: z.coerce.date(), last_at: z.coerce.date() });
  const found = await rows(db, schema, limitingStreaksSql, [new Date(now.getTime() - policy.forgetAfterMs), policy.free]);
  return found.map((row) => ({ account: row.account, failures: row.failures, startedAt: row.started_at, lastAt: row.last_at }));
}
