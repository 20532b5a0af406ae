-- Apple and Google Wallet: the owner's keys (sealed with SESSION_SECRET), the passes customers added,
-- Apple devices registered for updates, and the updates still to deliver.

CREATE TABLE wallet_keys (
  wallet       text PRIMARY KEY CHECK (wallet IN ('apple', 'google')),
  summary      jsonb NOT NULL,                   -- what the owner sees: ids, subject, expiry
  sealed       text NOT NULL,                    -- the keys, encrypted
  uploaded_at  timestamptz NOT NULL
);

CREATE TABLE wallet_passes (
  card_id   text NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  wallet    text NOT NULL CHECK (wallet IN ('apple', 'google')),
  locale    text NOT NULL,
  added_at  timestamptz NOT NULL,
  PRIMARY KEY (card_id, wallet)
);

CREATE TABLE wallet_devices (
  device_id      text NOT NULL,
  card_id        text NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  push_token     text NOT NULL,
  registered_at  timestamptz NOT NULL,
  PRIMARY KEY (device_id, card_id)
);
CREATE INDEX wallet_devices_card ON wallet_devices (card_id);

-- One pending delivery per wallet, card and target (an Apple device, or Google's object); `again` marks a
-- card that changed while its update was being sent.
CREATE TABLE wallet_updates (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  wallet           text NOT NULL CHECK (wallet IN ('apple', 'google')),
  card_id          text NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  target           text NOT NULL,
  created_at       timestamptz NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  claimed_until    timestamptz,
  again            boolean NOT NULL DEFAULT false,
  last_error       text,
  last_attempt_at  timestamptz,
  delivered_at     timestamptz,
  gave_up          boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX wallet_updates_pending ON wallet_updates (wallet, card_id, target) WHERE delivered_at IS NULL AND NOT gave_up;
CREATE INDEX wallet_updates_due ON wallet_updates (next_attempt_at) WHERE delivered_at IS NULL AND NOT gave_up;
