-- The newsletter: subscribers, the owner's approvals, sends (one row per issue and address: never two
-- emails of one issue to one address), suppressions and the provider's delivery events.

CREATE TABLE subscribers (
  email            text PRIMARY KEY,             -- normalised (trimmed, NFC, lower case)
  status           text NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
  locale           text NOT NULL,
  source           text NOT NULL,                -- footer, newsletter-page, card, import…
  subscribed_at    timestamptz NOT NULL,         -- the latest sign-up request
  confirmed_at     timestamptz,
  unsubscribed_at  timestamptz,
  updated_at       timestamptz NOT NULL,
  name             text,                         -- imported: the name the shop had for them
  consent_at       timestamptz,                  -- consent recorded elsewhere (an import row)
  consent_source   text
);
CREATE INDEX subscribers_status_locale ON subscribers (status, locale);
-- The send walks the confirmed subscribers in address order, a batch at a time (keyset), whatever the
-- planner's statistics say about a list that just grew.
CREATE INDEX subscribers_confirmed_email ON subscribers (email) WHERE status = 'confirmed';
CREATE INDEX subscribers_subscribed_at ON subscribers (subscribed_at);
CREATE INDEX subscribers_confirmed_at ON subscribers (confirmed_at);
CREATE INDEX subscribers_unsubscribed_at ON subscribers (unsubscribed_at);

-- The approval in force for an issue (yyyy-mm), and every approval and withdrawal. `by` is 'dashboard' (the
-- owner's session) or 'script:<user>' (npm run newsletter); the dashboard puts it in words.
CREATE TABLE newsletter_approvals (
  issue        text PRIMARY KEY,
  approved_by  text NOT NULL,
  approved_at  timestamptz NOT NULL,
  fingerprint  text NOT NULL                     -- of the issue's text: an edit after approval needs a new one
);
CREATE TABLE newsletter_approval_history (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  issue   text NOT NULL,
  action  text NOT NULL CHECK (action IN ('approved', 'withdrawn')),
  by      text NOT NULL,
  at      timestamptz NOT NULL
);
CREATE INDEX newsletter_approval_history_issue ON newsletter_approval_history (issue, at);

-- One row per issue and address, claimed before the provider is called (write-ahead): a run that died
-- leaves 'sending' rows, which the next run sends again with the same idempotency key. The primary key is
-- what makes "never two emails of one issue to one address" hold, whatever runs at the same time.
CREATE TABLE newsletter_sends (
  issue        text NOT NULL,
  email        text NOT NULL,
  locale       text NOT NULL,
  status       text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  batch_key    text NOT NULL,                    -- the provider's idempotency key of the batch
  claimed_at   timestamptz NOT NULL,
  sent_at      timestamptz,
  provider_id  text,
  error        text,
  PRIMARY KEY (issue, email)
);
CREATE INDEX newsletter_sends_issue_status ON newsletter_sends (issue, status);
CREATE INDEX newsletter_sends_email ON newsletter_sends (email);
CREATE INDEX newsletter_sends_provider_id ON newsletter_sends (provider_id) WHERE provider_id IS NOT NULL;

-- The runs of the monthly send, newest kept for the owner to read; and at most one run at a time per issue.
CREATE TABLE newsletter_runs (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  issue    text NOT NULL,
  at       timestamptz NOT NULL,
  trigger  text NOT NULL CHECK (trigger IN ('schedule', 'script', 'dashboard')),
  outcome  text NOT NULL,
  sent     integer NOT NULL DEFAULT 0,
  message  text
);
CREATE INDEX newsletter_runs_issue_at ON newsletter_runs (issue, at);
-- An issue finishes once: the run that finished it is its record (when, and that later runs send nothing).
CREATE UNIQUE INDEX newsletter_runs_finished ON newsletter_runs (issue) WHERE outcome = 'finished';
CREATE TABLE newsletter_leases (
  issue   text PRIMARY KEY,
  run     text NOT NULL,
  until   timestamptz NOT NULL
);

-- When the owner was told something about an issue (missing, awaiting approval, finished): once each.
CREATE TABLE owner_notices (
  subject  text NOT NULL,                        -- e.g. the issue, or 'sign-in-admin'
  kind     text NOT NULL,
  at       timestamptz NOT NULL,
  PRIMARY KEY (subject, kind)
);

-- Addresses the provider reported as bounced or complained: never sent to again.
CREATE TABLE suppressions (
  email   text PRIMARY KEY,
  reason  text NOT NULL CHECK (reason IN ('bounced', 'complained')),
  at      timestamptz NOT NULL,
  detail  text,
  issue   text
);
CREATE INDEX suppressions_at ON suppressions (at);

-- Resend's webhook deliveries (svix-id), each applied once, and the events they carried per email.
-- A delivery is kept 30 days (Resend retries for a few days), then dropped by a later delivery's statement.
CREATE TABLE webhook_deliveries (
  id           text PRIMARY KEY,
  received_at  timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_received_at ON webhook_deliveries (received_at);
CREATE TABLE email_events (
  provider_id  text NOT NULL,
  event        text NOT NULL CHECK (event IN ('delivered', 'bounced', 'complained', 'opened', 'clicked', 'unsubscribed')),
  at           timestamptz NOT NULL,
  PRIMARY KEY (provider_id, event)
);

-- Win-back emails to lapsed card holders: one per address and lapse. A 'sending' row whose `at` is more than
-- ten minutes old was left by a run that died: the next run takes it over and sends with the same key.
CREATE TABLE win_back_sends (
  email        text NOT NULL,
  lapse_from   timestamptz NOT NULL,             -- the last stamp (or registration) the lapse counts from
  status       text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  key          text NOT NULL,
  at           timestamptz NOT NULL,
  provider_id  text,
  message      text,
  PRIMARY KEY (email, lapse_from)
);
