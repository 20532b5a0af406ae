-- Who is signed in, and the limits on signing in.

-- A staff phone's or the owner's session. The cookie holds a random token; only its SHA-256 is kept, and
-- `secret_fingerprint` (a MAC of the PIN or password it was started with) ends it when that changes.
CREATE TABLE sessions (
  token_hash          text PRIMARY KEY,
  role                text NOT NULL CHECK (role IN ('staff', 'admin')),
  secret_fingerprint  text NOT NULL,
  device              text,                      -- the browser's device id (its device cookie), if any
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

-- Failures in a row against an account (staff, admin) from browsers it does not know.
CREATE TABLE account_lockouts (
  account     text PRIMARY KEY,
  failures    integer NOT NULL,
  started_at  timestamptz NOT NULL,
  last_at     timestamptz NOT NULL
);
