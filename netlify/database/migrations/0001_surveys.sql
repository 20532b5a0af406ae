-- Survey answers, the complaints among them and their follow-up, review-link clicks.
-- Times are timestamptz (an instant); figures group them by day in the shop's time zone
-- (content/site/site.yaml `timeZone`) with AT TIME ZONE, never by UTC day.

CREATE TABLE responses (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey          text NOT NULL,                 -- the survey's id (its file in content/surveys/)
  locale          text NOT NULL,
  location        text,                          -- a location id, 'unknown', or NULL when the link had none
  product         text,                          -- a product slug, 'unknown', or NULL
  answers         jsonb NOT NULL,                -- by question id: number, text or list of choices
  submitted_at    timestamptz NOT NULL,
  complaint       boolean NOT NULL DEFAULT false,
  -- Only when the customer agreed to be contacted.
  contact_name    text,
  contact_email   text,                          -- normalised (trimmed, lower case)
  contact_phone   text,
  contact_locale  text,
  -- The key the survey page sent with its post: a repeated post (a retry after a lost answer) is stored once.
  idempotency_key text UNIQUE
);
-- (submitted_at, id): the figures' ranges and the export's keyset pages.
CREATE INDEX responses_submitted_at ON responses (submitted_at, id);
CREATE INDEX responses_survey_submitted_at ON responses (survey, submitted_at);
CREATE INDEX responses_contact_email ON responses (contact_email) WHERE contact_email IS NOT NULL;

-- A complaint's follow-up: the same id as its response.
CREATE TABLE followups (
  response_id   uuid PRIMARY KEY REFERENCES responses (id) ON DELETE CASCADE,
  reasons       jsonb NOT NULL,                  -- why it is a complaint: low NPS, low rating, a text
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contacted', 'resolved')),
  created_at    timestamptz NOT NULL,
  contacted_at  timestamptz,                     -- first became "contacted" (by hand or by the email)
  resolved_at   timestamptz,
  emailed_at    timestamptz,                     -- the follow-up email was sent
  -- What the owner sent (the draft as they edited it), kept so the list shows what the customer received.
  email_subject text,
  email_text    text,
  -- A send in progress: one request at a time sends (a double click sends one email); a claim older than a
  -- few minutes is of a request that died, and may be taken again (the mail provider's key still holds).
  email_claimed_at timestamptz,
  alert_error   text                             -- why the owner's alert could not be sent
);
CREATE INDEX followups_status_created_at ON followups (status, created_at);
-- (created_at, response_id): the month's figures and the export's keyset pages.
CREATE INDEX followups_created_at ON followups (created_at, response_id);
CREATE INDEX followups_resolved_at ON followups (resolved_at) WHERE resolved_at IS NOT NULL;

CREATE TABLE followup_notes (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  response_id  uuid NOT NULL REFERENCES followups (response_id) ON DELETE CASCADE,
  at           timestamptz NOT NULL,
  text         text NOT NULL
);
CREATE INDEX followup_notes_response ON followup_notes (response_id, at);

CREATE TABLE review_clicks (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL,
  response_id  uuid REFERENCES responses (id) ON DELETE SET NULL,
  location     text
);
CREATE INDEX review_clicks_at ON review_clicks (at);
