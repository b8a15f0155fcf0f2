import type { Migration } from './migration.js';

/**
 * The event store tables and the append function (one round trip for a batch of appends).
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

-- Added to transaction ids in positions, so that positions keep increasing when the events are
-- restored into another cluster whose transaction ids are lower (see es_align_positions).
CREATE TABLE es_position_base (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  base      bigint NOT NULL
);
INSERT INTO es_position_base (base) VALUES (0);

-- Run when a store is opened. Events restored from another cluster (pg_dump/restore, a move from
-- PGlite to Postgres) may carry positions ahead of this cluster's transaction ids: then raise the
-- base past them, with appends shut out meanwhile. Returns by how much the base moved.
CREATE FUNCTION es_align_positions() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_top  bigint;
  v_base bigint;
BEGIN
  SELECT max(e.position) >> 20 INTO v_top FROM es_events e;
  SELECT b.base INTO v_base FROM es_position_base b;
  IF v_top IS NULL OR v_top < v_base + pg_snapshot_xmax(pg_current_snapshot())::text::bigint THEN
    RETURN 0;
  END IF;
  -- Appends touch es_streams first, so this waits for those under way and holds back new ones.
  LOCK TABLE es_streams, es_events IN EXCLUSIVE MODE;
  SELECT max(e.position) >> 20 INTO v_top FROM es_events e;
  UPDATE es_position_base SET base = v_top + 1 - pg_current_xact_id()::text::bigint;
  RETURN (SELECT b.base FROM es_position_base b) - v_base;
END;
$$;

-- The ids of p_ids, if they already stand in p_stream consecutively and the expected revision is the one
-- they were first appended at: the result of that first append (an idempotent re-append). Else no row.
-- (An id can stand twice in a stream when appended again at a matching exact revision; the latest counts.)
CREATE FUNCTION es_previous_append(p_stream text, p_expected text, p_ids uuid[])
RETURNS TABLE (next_revision bigint, last_position bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_first   bigint;
  v_matched int;
  v_count   int := cardinality(p_ids);
BEGIN
  SELECT e.revision INTO v_first FROM es_events e WHERE e.event_id = p_ids[1] AND e.stream_id = p_stream
   ORDER BY e.revision DESC LIMIT 1;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT count(*) INTO v_matched
    FROM unnest(p_ids) WITH ORDINALITY AS p(id, i)
    JOIN es_events e ON e.stream_id = p_stream AND e.revision = v_first + p.i - 1 AND e.event_id = p.id;
  IF v_matched = v_count AND (
       p_expected IN ('any', 'stream_exists')
    OR (p_expected = 'no_stream' AND v_first = 0)
    OR CASE WHEN p_expected ~ '^[0-9]+$' THEN p_expected::bigint = v_first - 1 ELSE false END) THEN
    RETURN QUERY SELECT v_first + v_count - 1, e.position FROM es_events e
      WHERE e.stream_id = p_stream AND e.revision = v_first + v_count - 1;
  END IF;
END;
$$;

-- Several independent appends in one transaction (group commit): append k writes the next p_counts[k]
-- events of the parallel event arrays to p_streams[k], if p_expected[k] ('any' | 'no_stream' |
-- 'stream_exists' | a revision) holds. One row per append:
-- next_revision and last_position when written (or already written: idempotent), else the stream's
-- actual revision (-1: no stream) as a conflict. A conflict writes nothing and does not affect the
-- other appends. Callers order appends by stream id, so concurrent batches lock streams in one order.
CREATE FUNCTION es_append(p_streams text[], p_expected text[], p_counts int[],
                          p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
RETURNS TABLE (append_index int, next_revision bigint, last_position bigint, actual_revision bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_offset   int := 0;
  v_next     bigint;
  v_base     bigint;
  v_stream   text;
  v_expected text;
  v_count    int;
  v_ids      uuid[];
  v_current  bigint;
  v_actual   bigint;
  v_locked   boolean;
  v_previous record;
BEGIN
  FOR k IN 1 .. cardinality(p_streams) LOOP
    v_stream := p_streams[k];
    v_expected := p_expected[k];
    v_count := p_counts[k];
    v_ids := p_ids[v_offset + 1 : v_offset + v_count];
    v_current := NULL;
    LOOP
      v_locked := false;
      -- Fast path: the check and the revision move in one statement, which also locks the stream.
      IF v_expected = 'no_stream' THEN
        INSERT INTO es_streams (stream_id, revision) VALUES (v_stream, v_count - 1) ON CONFLICT (stream_id) DO NOTHING;
        IF FOUND THEN v_current := -1; EXIT; END IF;
      ELSE
        UPDATE es_streams s SET revision = s.revision + v_count
         WHERE s.stream_id = v_stream
           AND (v_expected <> 'stream_exists' OR s.revision >= 0)
           AND CASE WHEN v_expected ~ '^[0-9]+$' THEN s.revision = v_expected::bigint ELSE true END
        RETURNING s.revision - v_count INTO v_current;
        IF FOUND THEN
          -- An exact revision that matched cannot be a re-append: those events would stand after it.
          IF v_expected NOT IN ('any', 'stream_exists') THEN EXIT; END IF;
          -- Under the lock: ids already in the stream make this a re-append, not new events.
          PERFORM 1 FROM es_events e WHERE e.event_id = v_ids[1] AND e.stream_id = v_stream;
          IF NOT FOUND THEN EXIT; END IF;
          UPDATE es_streams SET revision = v_current WHERE stream_id = v_stream;
          v_actual := v_current;
          v_current := NULL;
          v_locked := true;
        END IF;
      END IF;

      IF NOT v_locked THEN
        SELECT s.revision INTO v_actual FROM es_streams s WHERE s.stream_id = v_stream FOR UPDATE;
        IF NOT FOUND THEN
          IF v_expected = 'any' THEN
            INSERT INTO es_streams (stream_id, revision) VALUES (v_stream, v_count - 1) ON CONFLICT (stream_id) DO NOTHING;
            IF FOUND THEN v_current := -1; EXIT; END IF;
            CONTINUE; -- created concurrently (ON CONFLICT waited for it): start over
          END IF;
          v_actual := -1;
        ELSIF v_expected = 'any'
           OR (v_expected = 'stream_exists' AND v_actual >= 0)
           OR (CASE WHEN v_expected ~ '^[0-9]+$' THEN v_actual = v_expected::bigint ELSE false END) THEN
          -- The stream was created or moved on by a transaction that committed after the UPDATE's
          -- snapshot, and the expectation holds now: we hold its lock, so the fast path succeeds.
          CONTINUE;
        END IF;
      END IF;

      -- Nothing written: an idempotent re-append, or a conflict.
      SELECT * INTO v_previous FROM es_previous_append(v_stream, v_expected, v_ids);
      IF FOUND THEN
        RETURN QUERY SELECT k, v_previous.next_revision, v_previous.last_position, NULL::bigint;
      ELSE
        RETURN QUERY SELECT k, NULL::bigint, NULL::bigint, v_actual;
      END IF;
      EXIT;
    END LOOP;

    IF v_current IS NOT NULL THEN
      IF v_next IS NULL THEN
        v_base := ((SELECT b.base FROM es_position_base b) + pg_current_xact_id()::text::bigint) << 20;
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_next FROM es_events e
         WHERE e.position >= v_base AND e.position < v_base + 1048576;
      END IF;
      IF v_next + v_count > v_base + 1048576 THEN
        RAISE EXCEPTION 'more than 1048576 events in one transaction';
      END IF;
      INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata)
      SELECT v_next + p.i - 1, v_stream, v_current + p.i, p.id, p.type, p.data, p.metadata
        FROM unnest(v_ids, p_types[v_offset + 1 : v_offset + v_count], p_data[v_offset + 1 : v_offset + v_count],
                    p_metadata[v_offset + 1 : v_offset + v_count]) WITH ORDINALITY AS p(id, type, data, metadata, i);
      v_next := v_next + v_count;
      RETURN QUERY SELECT k, v_current + v_count, v_next - 1, NULL::bigint;
    END IF;
    v_offset := v_offset + v_count;
  END LOOP;
END;
$$;
`,
};
