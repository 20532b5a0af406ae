-- Who is signed in, and the limits on signing in.

-- A staff phone's or the owner's session: a row, so that signing out, the owner's "sign out every phone" and a
-- changed secret end it on the server. The cookie holds a random token; only its SHA-256 is kept.
-- `secret_fingerprint` is a MAC (keyed with SESSION_SECRET) of the PIN or password it was started with: a session
-- whose fingerprint is not the current secret's opens nothing. Statements that write here drop expired rows.
CREATE TABLE sessions (
  token_hash          text PRIMARY KEY,
  role                text NOT NULL CHECK (role IN ('staff', 'admin')),
  secret_fingerprint  text NOT NULL,
  device              text NOT NULL,             -- the browser's device id (its device cookie for the role)
  created_at          timestamptz NOT NULL,
  expires_at          timestamptz NOT NULL
);
CREATE INDEX sessions_role ON sessions (role);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Sliding-window limits: the recent attempts of one key (a keyed hash of an address, never the address),
-- updated by one INSERT … ON CONFLICT DO UPDATE, so concurrent attempts never pass the limit.
CREATE TABLE rate_limits (
  name      text NOT NULL,
  key       text NOT NULL,
  attempts  timestamptz[] NOT NULL,
  PRIMARY KEY (name, key)
);

-- Wrong tries in a row against an account (staff, admin). Browsers the account does not know share one streak
-- (device ''); a browser that signed in before (its device cookie) has its own, so others' guesses never hold it
-- back. One INSERT … ON CONFLICT DO UPDATE counts a wrong try only when the streak lets it through; streaks quiet
-- for a day are dropped by the same statement.
CREATE TABLE account_lockouts (
  account     text NOT NULL CHECK (account IN ('staff', 'admin')),
  device      text NOT NULL,
  failures    integer NOT NULL CHECK (failures > 0),
  started_at  timestamptz NOT NULL,
  last_at     timestamptz NOT NULL,
  PRIMARY KEY (account, device)
);
CREATE INDEX account_lockouts_last_at ON account_lockouts (last_at);
