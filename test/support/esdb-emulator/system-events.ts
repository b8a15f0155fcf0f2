import { randomUUID } from 'node:crypto';
import { freemem } from 'node:os';
import type { EventLog } from './event-log.js';
import { METADATA_EVENT_TYPE, metastreamOf } from './model.js';

/** A real node collects stats every 30 s; here every few writes, so that tests see them between their events. */
const WRITES_PER_STATS = 5;

/**
 * The `$`-prefixed events a real node puts into `$all` (consumers of `$all` must cope with them):
 * stream metadata for its system streams at start, then `$statsCollected` events.
 */
export function writeSystemEvents(log: EventLog, node: string): void {
  const statsStream = `$stats-${node}`;
  const write = (streamName: string, type: string, data: object): void => {
    log.append(streamName, 'any', [{ id: randomUUID(), type, contentType: 'application/json', data: Buffer.from(JSON.stringify(data)), customMetadata: new Uint8Array() }]);
  };
  const collectStats = (): void => {
    write(statsStream, '$statsCollected', { timestamp: new Date().toISOString(), 'proc-id': process.pid, 'proc-mem': process.memoryUsage.rss(), 'sys-freeMem': freemem() });
  };
  write(metastreamOf(statsStream), METADATA_EVENT_TYPE, { $maxAge: 86400 });
  write(metastreamOf('$scavenges'), METADATA_EVENT_TYPE, { $maxAge: 2592000 });
  collectStats();

  let writes = 0;
  let collecting = false;
  log.onCommit(() => {
    if (collecting) return;
    writes += 1;
    if (writes % WRITES_PER_STATS !== 0) return;
    collecting = true;
    try {
      collectStats();
    } finally {
      collecting = false;
    }
  });
}
