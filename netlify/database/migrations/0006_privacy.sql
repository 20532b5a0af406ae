-- Erasures done on a person's request: a keyed hash of the address (proves an erasure happened for someone
-- who asks again, without keeping the address) and what was removed.
CREATE TABLE erasures (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      timestamptz NOT NULL,
  person  text NOT NULL,
  erased  jsonb NOT NULL
);
CREATE INDEX erasures_person ON erasures (person);
