import type { Migration } from './migration.js';

/**
 * The event store tables and the one-round-trip append function.
 *
 * Global positions encode the writing transaction: `xid << 20 | index within the transaction`.
 * Readers of `$all` only read below `pg_snapshot_xmin(pg_current_snapshot()) << 20`, i.e. events of
 * transactions that have all finished, so an event committed late by a concurrent writer can never
 * appear behind a position a subscriber has already passed (DESIGN.md, "Event store port").
 */
export const eventStoreMigration: Migration = {
  version: 1,
  name: 'event store',
  sql: /* sql */ `
CREATE TABLE es_streams (
  stream_id text PRIMARY KEY,
  revision  bigint NOT NULL
);

CREATE TABLE es_events (
  position    bigint PRIMARY KEY,
  stream_id   text NOT NULL,
  revision    bigint NOT NULL,
  event_id    uuid NOT NULL,
  type        text NOT NULL,
  data        jsonb NOT NULL,
  metadata    jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, revision)
);
CREATE INDEX es_events_event_id ON es_events (event_id);

-- p_expected: 'any' | 'no_stream' | 'stream_exists' | a revision as decimal text.
-- p_events: [{ "id": uuid, "type": text, "data": {...}, "metadata": {...} }, ...]
-- A wrong expected revision raises SQLSTATE SV001 with the actual revision (-1: no stream) as DETAIL.
CREATE FUNCTION es_append(p_stream text, p_expected text, p_events jsonb)
RETURNS TABLE (next_revision bigint, last_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_count   int := jsonb_array_length(p_events);
  v_exact   bigint := CASE WHEN p_expected ~ '^[0-9]+$' THEN p_expected::bigint END;
  v_current bigint;
  v_found   bigint;
  v_matched int;
  v_base    bigint;
  v_next    bigint;
BEGIN
  SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  IF NOT FOUND THEN
    -- A concurrent first append may create the row meanwhile: ON CONFLICT waits for it, then we lock it.
    INSERT INTO es_streams (stream_id, revision) VALUES (p_stream, -1) ON CONFLICT (stream_id) DO NOTHING;
    SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  END IF;

  -- Idempotent re-append: the same ids, already in this stream in the same order.
  SELECT e.revision INTO v_found FROM es_events e
   WHERE e.event_id = (p_events->0->>'id')::uuid AND e.stream_id = p_stream;
  IF FOUND THEN
    SELECT count(*) INTO v_matched
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS p(ev, i)
      JOIN es_events e ON e.stream_id = p_stream AND e.revision = v_found + p.i - 1 AND e.event_id = (p.ev->>'id')::uuid;
    IF v_matched = v_count AND (
         p_expected IN ('any', 'stream_exists')
      OR (p_expected = 'no_stream' AND v_found = 0)
      OR v_exact = v_found - 1) THEN
      RETURN QUERY SELECT v_found + v_count - 1, e.position FROM es_events e
        WHERE e.stream_id = p_stream AND e.revision = v_found + v_count - 1;
      RETURN;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'SV001', MESSAGE = 'wrong expected revision', DETAIL = v_current::text;
  END IF;

  IF (p_expected = 'no_stream' AND v_current <> -1)
     OR (p_expected = 'stream_exists' AND v_current = -1)
     OR v_exact <> v_current THEN
    RAISE EXCEPTION USING ERRCODE = 'SV001', MESSAGE = 'wrong expected revision', DETAIL = v_current::text;
  END IF;

  v_base := pg_current_xact_id()::text::bigint << 20;
  SELECT coalesce(max(e.position) + 1, v_base) INTO v_next FROM es_events e
   WHERE e.position >= v_base AND e.position < v_base + 1048576;
  IF v_next + v_count > v_base + 1048576 THEN
    RAISE EXCEPTION 'more than 1048576 events in one transaction';
  END IF;

  INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT v_next + p.i - 1, p_stream, v_current + p.i, (p.ev->>'id')::uuid, p.ev->>'type', p.ev->'data', p.ev->'metadata'
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS p(ev, i);
  UPDATE es_streams SET revision = v_current + v_count WHERE stream_id = p_stream;
  RETURN QUERY SELECT v_current + v_count, v_next + v_count - 1;
END;
$$;
`,
};
