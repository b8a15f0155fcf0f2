/** Runs the emulator on its own: `npm run esdb-emulator -- --port 2113 [--no-batch-append] [--no-system-events]`. */
import { parseArgs } from 'node:util';
import { EsdbEmulator } from './emulator.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '2113' },
    'no-batch-append': { type: 'boolean', default: false },
    'no-system-events': { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a TCP port, not ${values.port}`);
  process.exit(2);
}

const emulator = await EsdbEmulator.start({ port, batchAppend: !values['no-batch-append'], systemEvents: !values['no-system-events'] });
console.log(emulator.url);

const shutdown = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
