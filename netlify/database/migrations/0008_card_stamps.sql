-- Each card's stamp times in order, kept by the database itself as stamps are added, moved or erased. The loyalty
-- ladder asks of every card when it was first stamped, first stamped on a later day, and filled: reading 10,000
-- cards' rows instead of sorting 100,000 stamps on every view of the owner's summary and ladder pages
-- (`npm run bench -- --scale`). Nothing else reads it, and one statement rebuilds it (at the end of this file).
CREATE TABLE card_stamps (
  card_id  text PRIMARY KEY REFERENCES cards (id) ON DELETE CASCADE,
  stamps   timestamptz[] NOT NULL
);

-- A card's row, recounted from its stamps. The lock makes two writers of one card take turns, and the stamps are
-- read after it is taken (each statement of a function sees what was committed before it): the later writer's
-- recount includes the earlier one's stamp.
CREATE FUNCTION card_stamps_recount(card text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('card_stamps'), hashtext(card));
  DELETE FROM card_stamps WHERE card_id = card;
  INSERT INTO card_stamps (card_id, stamps)
  SELECT card_id, array_agg(at ORDER BY at) FROM card_events WHERE card_id = card AND type = 'stamp' GROUP BY card_id;
END
$$;

-- Only a stamp row changes a card's stamps: a redemption leaves them be.
CREATE FUNCTION card_events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.type = 'stamp' THEN PERFORM card_stamps_recount(OLD.card_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.type = 'stamp' THEN PERFORM card_stamps_recount(NEW.card_id); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER card_events_changed AFTER INSERT OR UPDATE OR DELETE ON card_events FOR EACH ROW EXECUTE FUNCTION card_events_changed();

-- The rebuild: every card's row from its stamps.
INSERT INTO card_stamps (card_id, stamps)
SELECT card_id, array_agg(at ORDER BY at) FROM card_events WHERE type = 'stamp' GROUP BY card_id
ON CONFLICT (card_id) DO UPDATE SET stamps = EXCLUDED.stamps;
