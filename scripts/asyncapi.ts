/**
 * `npm run asyncapi`: the AsyncAPI 3.0 document of the events the Kafka bridge publishes, as JSON on
 * stdout, or into a file with `--out FILE`.
 * `npm run asyncapi -- --update-snapshot`: records the published schema of every event type's current
 * version in projections/kafka-bridge/asyncapi/published-schemas.snapshot.json; refuses (exit 1) when
 * a recorded version would change incompatibly, which needs a new schemaVersion instead.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { allEventDefinitions } from '../domain/event-catalogue.js';
import { eventsAsyncApiDocument } from '../projections/kafka-bridge/asyncapi/document.js';
import { publishedSchemasOf, recordedSnapshot } from '../projections/kafka-bridge/asyncapi/schema-snapshot.js';
import { readSnapshot, SNAPSHOT_FILE, writeSnapshot } from '../projections/kafka-bridge/asyncapi/snapshot-file.js';

const { values: args } = parseArgs({ options: { out: { type: 'string' }, 'update-snapshot': { type: 'boolean', default: false } } });

if (args['update-snapshot']) {
  const { snapshot, refused } = recordedSnapshot(await readSnapshot(), publishedSchemasOf(allEventDefinitions));
  if (refused.length > 0) {
    console.error(`nothing recorded:\n${refused.join('\n')}`);
    process.exitCode = 1;
  } else {
    await writeSnapshot(snapshot);
    console.error(`recorded the published schemas of ${allEventDefinitions.length} event types in ${SNAPSHOT_FILE}`);
  }
} else {
  const document = `${JSON.stringify(eventsAsyncApiDocument(), null, 2)}\n`;
  if (args.out === undefined) {
    // A reader that stops early (`| head`) closes the pipe: that is not a failure of ours.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
    process.stdout.write(document);
  }
  else await writeFile(args.out, document);
}
