import type { z } from 'zod';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

/** Column types the keyed-rows helper moves between Postgres and JavaScript. */
export type ColumnType = 'uuid' | 'text' | 'integer' | 'bigint' | 'boolean' | 'jsonb' | 'timestamptz' | 'text[]' | 'uuid[]';

/**
 * A read-model table whose rows are folded from events in memory, a batch at a time: the rows a
 * batch touches are loaded in one query and written back in one, so a rebuild costs two round trips
 * per batch, not one per event. Bigint columns travel as decimal strings, timestamps as ISO strings.
 * Every row carries `position`, the last event folded into it: events at or below it are skipped,
 * which makes applying a batch again change nothing.
 */
export interface KeyedTable<Row extends { readonly position: string }> {
  readonly table: string;
  /** The key column (unique). */
  readonly key: keyof Row & string;
  /** Every stored column with its type (generated columns are left out). */
  readonly columns: { readonly [Column in keyof Row & string]: ColumnType };
  /** Parses a row read back. */
  readonly row: z.ZodType<Row>;
}

const selectExpression = (column: string, type: ColumnType): string =>
  type === 'bigint' ? `${column}::text AS ${column}` : type === 'timestamptz' ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}` : column;

/** The rows with these keys, by key. */
export async function loadRows<Row extends { readonly position: string }>(tx: SqlExecutor, spec: KeyedTable<Row>, keys: readonly string[]): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  if (keys.length === 0) return found;
  const columns = Object.entries<ColumnType>(spec.columns);
  const keyType = spec.columns[spec.key];
  const { rows } = await tx.query(
    `SELECT ${columns.map(([column, type]) => selectExpression(column, type)).join(', ')} FROM ${spec.table} WHERE ${spec.key} = ANY($1::${keyType}[])`,
    [[...new Set(keys)]],
  );
  for (const row of rows) {
    const parsed = spec.row.parse(row);
    found.set(String(parsed[spec.key]), parsed);
  }
  return found;
}

/** Inserts or replaces these rows (by key) in one statement. */
export async function saveRows<Row extends { readonly position: string }>(tx: SqlExecutor, spec: KeyedTable<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries<ColumnType>(spec.columns);
  const names = columns.map(([column]) => column);
  await tx.query(
    `INSERT INTO ${spec.table} (${names.join(', ')})
       SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${columns.map(([column, type]) => `${column} ${type}`).join(', ')})
     ON CONFLICT (${spec.key}) DO UPDATE SET ${names.filter((name) => name !== spec.key).map((name) => `${name} = EXCLUDED.${name}`).join(', ')}`,
    [JSON.stringify(rows)],
  );
}

export interface RowFold<Row extends { readonly position: string }> {
  /** The row an event changes, or undefined when it changes none of this table. */
  keyOf(event: RecordedEvent): string | undefined;
  /** The row after the event (undefined before its first event); a pure function. */
  evolve(row: Row | undefined, event: RecordedEvent): Row | undefined;
}

/** Folds a batch into the table: load the touched rows, evolve them in order (skipping events already folded), save the changed ones. */
export async function foldIntoTable<Row extends { readonly position: string }>(
  tx: SqlExecutor,
  spec: KeyedTable<Row>,
  fold: RowFold<Row>,
  events: readonly RecordedEvent[],
): Promise<Map<string, Row>> {
  const keyed = events.flatMap((event) => {
    const key = fold.keyOf(event);
    return key === undefined ? [] : [{ key, event }];
  });
  const rows = await loadRows(tx, spec, keyed.map(({ key }) => key));
  const changed = new Set<string>();
  for (const { key, event } of keyed) {
    const current = rows.get(key);
    if (current !== undefined && BigInt(current.position) >= event.position) continue;
    const next = fold.evolve(current, event);
    if (next === undefined) continue;
    rows.set(key, next);
    changed.add(key);
  }
  await saveRows(tx, spec, [...changed].flatMap((key) => rows.get(key) ?? []));
  return rows;
}
