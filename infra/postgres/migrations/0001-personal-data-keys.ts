import type { Migration } from './migration.js';

/**
 * One encryption key per person whose personal data events hold (crypto-shredding). Erasing a person
 * destroys the key and keeps the row, so that no key is ever made for them again.
 */
export const personalDataKeysMigration: Migration = {
  version: 1,
  name: 'personal data keys',
  sql: /* sql */ `
CREATE TABLE personal_data_keys (
  subject    text PRIMARY KEY,
  key        bytea CHECK (key IS NULL OR octet_length(key) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  erased_at  timestamptz,
  CHECK ((key IS NULL) = (erased_at IS NOT NULL))
);
`,
};
