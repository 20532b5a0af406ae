-- Loyalty cards. A printed card's id comes from its batch and CARD_SECRET (nothing is stored per printed
-- card until it is first used); a card started on a phone is created here with origin 'digital'.

CREATE TABLE card_batches (
  id          text PRIMARY KEY,                  -- 8 random characters
  number      integer NOT NULL UNIQUE,           -- 1, 2, 3…: how the owner refers to it
  count       integer NOT NULL CHECK (count > 0),
  created_at  timestamptz NOT NULL
);

-- Every card that was used: stamped, registered or started on a phone. A printed card's row is made by its
-- first stamp or registration, in the same statement (INSERT … ON CONFLICT DO NOTHING in a WITH clause).
CREATE TABLE cards (
  id          text PRIMARY KEY,
  origin      text NOT NULL CHECK (origin IN ('printed', 'digital')),
  locale      text,                              -- the language a digital card was started in
  created_at  timestamptz NOT NULL
);
CREATE INDEX cards_created_at ON cards (created_at);

-- A card's append-only log. `seq` numbers each type per card (1st stamp, 2nd stamp…; 1st redemption…):
-- UNIQUE (card_id, type, seq) lets only one of two simultaneous stamps or redemptions of a card through,
-- whatever the isolation level, and the idempotency key makes a repeated request a no-op. The insert's
-- WHERE applies the programme's limits on the rows its snapshot holds: the n-th stamp is checked against
-- stamps 1…n−1, all committed before it (src/loyalty/queries.ts).
CREATE TABLE card_events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  card_id          text NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  type             text NOT NULL CHECK (type IN ('stamp', 'redeem')),
  seq              integer NOT NULL CHECK (seq > 0),
  at               timestamptz NOT NULL,
  idempotency_key  text NOT NULL,
  UNIQUE (card_id, type, seq),
  UNIQUE (card_id, idempotency_key)
);
CREATE INDEX card_events_at ON card_events (at);
CREATE INDEX card_events_card_at ON card_events (card_id, at);

-- The customer behind a card (one per card; a change replaces it).
CREATE TABLE card_registrations (
  card_id          text PRIMARY KEY REFERENCES cards (id) ON DELETE CASCADE,
  name             text NOT NULL,
  email            text NOT NULL,                -- normalised
  birthday_day     smallint CHECK (birthday_day BETWEEN 1 AND 31),
  birthday_month   smallint CHECK (birthday_month BETWEEN 1 AND 12),
  locale           text NOT NULL,
  newsletter       boolean NOT NULL,             -- ticked "send me the newsletter"
  registered_at    timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX card_registrations_email ON card_registrations (email);
CREATE INDEX card_registrations_registered_at ON card_registrations (registered_at);
CREATE INDEX card_registrations_birthday ON card_registrations (birthday_month, birthday_day);

-- A change of a registered card's details asked for with the card's code alone (printed on the card, in its
-- QR code and wallet pass: it proves nothing about who registered it) waits here until the registered address
-- confirms it. Following the link deletes the row as it applies the change, so it applies once; a new request
-- for the card replaces the earlier ones, and expired rows go with the next request (they hold an address).
CREATE TABLE card_registration_changes (
  token_hash    text PRIMARY KEY,                -- SHA-256 of the random token in the confirmation link
  card_id       text NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
  details       jsonb NOT NULL,                  -- the new details, keyed as card_registrations' columns (name, email, birthday_day…)
  requested_at  timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX card_registration_changes_card ON card_registration_changes (card_id);

-- Birthday greetings: one per address and year, the row claimed before the email is sent ('sending'); a run
-- cut short leaves 'sending', which the next run sends again with the same idempotency key.
CREATE TABLE birthday_greetings (
  year         integer NOT NULL,
  email        text NOT NULL,
  locale       text NOT NULL,
  status       text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  key          text NOT NULL,                    -- the idempotency key sent to the mail provider
  at           timestamptz NOT NULL,
  provider_id  text,
  message      text,
  PRIMARY KEY (year, email)
);
