import type { Migration } from './migration.js';

/** Stored answers of requests sent with an Idempotency-Key (API.md, "Idempotency"). */
export const idempotencyKeysMigration: Migration = {
  version: 1,
  name: 'idempotency keys',
  sql: /* sql */ `
CREATE TABLE idempotency_keys (
  scope        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status       integer,
  headers      jsonb,
  body         text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
`,
};
