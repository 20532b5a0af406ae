-- Apple and Google Wallet: the owner's keys (sealed with SESSION_SECRET), the passes customers added,
-- Apple devices registered for updates, and the updates to deliver (and delivered).

CREATE TABLE wallet_keys (
  wallet       text PRIMARY KEY CHECK (wallet IN ('apple', 'google')),
  summary      jsonb NOT NULL,                   -- what the owner sees: ids, subject, expiry
  sealed       text NOT NULL,                    -- the keys, encrypted
  uploaded_at  timestamptz NOT NULL
);

-- A card's pass added to a wallet (the pass downloaded, or Google's save link opened), in the language of that
-- wallet's pass.
CREATE TABLE wallet_passes (
  card_id   text NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  wallet    text NOT NULL CHECK (wallet IN ('apple', 'google')),
  locale    text NOT NULL,
  added_at  timestamptz NOT NULL,
  PRIMARY KEY (card_id, wallet)
);

-- Apple devices registered for a card's updates (Apple's web service), with their push tokens.
CREATE TABLE wallet_devices (
  device_id      text NOT NULL,
  card_id        text NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  push_token     text NOT NULL,
  registered_at  timestamptz NOT NULL,
  PRIMARY KEY (device_id, card_id)
);
CREATE INDEX wallet_devices_card ON wallet_devices (card_id);

-- What to send to the wallets after a card changed: one row per delivery, to a wallet, card and target (an
-- Apple device, or Google's object). At most one is pending per target (wallet_updates_pending): a change while
-- it waits makes it due now, a change while it is being sent (claimed) marks it `again`, and delivering it then
-- queues the next. A delivered row stays: the counts of deliveries are a query. A row that failed the last
-- attempt stays too, given up, for the owner to see.
CREATE TABLE wallet_updates (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  wallet           text NOT NULL CHECK (wallet IN ('apple', 'google')),
  card_id          text NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  target           text NOT NULL,
  created_at       timestamptz NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  claimed_until    timestamptz,                  -- being sent until then; after it, another sender may claim it
  again            boolean NOT NULL DEFAULT false,
  last_error       text,
  last_attempt_at  timestamptz,
  delivered_at     timestamptz,
  gave_up          boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX wallet_updates_pending ON wallet_updates (wallet, card_id, target) WHERE delivered_at IS NULL AND NOT gave_up;
CREATE INDEX wallet_updates_due ON wallet_updates (next_attempt_at) WHERE delivered_at IS NULL AND NOT gave_up;
CREATE INDEX wallet_updates_delivered ON wallet_updates (wallet) WHERE delivered_at IS NOT NULL;
