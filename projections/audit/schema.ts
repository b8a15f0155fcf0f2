/**
 * Where each event of `$all` is, by what auditors search for: correlation id, type, time recorded.
 * The events themselves stay in the event store (the audit routes read them from there); the event's
 * position is the row's key, so applying it again inserts nothing.
 */
export const auditIndexSchema = `
CREATE TABLE IF NOT EXISTS audit_event_index (
  position bigint PRIMARY KEY,
  stream_id text NOT NULL,
  type text NOT NULL,
  correlation_id text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_event_index_by_correlation ON audit_event_index (correlation_id, position);
CREATE INDEX IF NOT EXISTS audit_event_index_by_type ON audit_event_index (type, position);
CREATE INDEX IF NOT EXISTS audit_event_index_by_time ON audit_event_index (recorded_at, position);
`;

export const auditIndexTables = ['audit_event_index'] as const;
