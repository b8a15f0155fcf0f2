import type { Migration } from './migration.js';

/** What the projection runner keeps: checkpoints, leases (one runner per projection) and parked events. */
export const projectionRunnerMigration: Migration = {
  version: 1,
  name: 'projection checkpoints, leases and parked events',
  sql: /* sql */ `
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE TABLE projection_checkpoints (
  name       text PRIMARY KEY,
  -- The position of the last event applied; -1 before the first.
  position   bigint NOT NULL DEFAULT -1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE projection_leases (
  name       text PRIMARY KEY,
  owner      text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE TABLE projection_parked_events (
  id         bigserial PRIMARY KEY,
  projection text NOT NULL,
  position   bigint NOT NULL,
  event_id   uuid NOT NULL,
  stream_id  text NOT NULL,
  type       text NOT NULL,
  error      text NOT NULL,
  attempts   integer NOT NULL,
  parked_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (projection, position)
);
`,
};
