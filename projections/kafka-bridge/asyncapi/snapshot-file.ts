import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PublishedSchemasSnapshotSchema, type PublishedSchemasSnapshot } from './schema-snapshot.js';

/** Checked in beside this file, in the source tree (the build does not copy it: only the script and the tests read it). */
export const SNAPSHOT_FILE = fileURLToPath(new URL('./published-schemas.snapshot.json', import.meta.url));

export async function readSnapshot(file = SNAPSHOT_FILE): Promise<PublishedSchemasSnapshot> {
  return PublishedSchemasSnapshotSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

export async function writeSnapshot(snapshot: PublishedSchemasSnapshot, file = SNAPSHOT_FILE): Promise<void> {
  await writeFile(file, `${JSON.stringify(snapshot, null, 2)}\n`);
}
