/**
 * `npm run bench:bridge`: how fast the Kafka bridge moves a stored history from the event store to
 * Kafka's acknowledgements (catch-up, from a full store: events/s until its acknowledged position is the
 * last event's), for several batch sizes, and how far behind it stays under a steady write load (lag per
 * event, from its planned send time until the bridge's acknowledged position passed it). Real Postgres
 * (a fresh database, dropped at the end) and the real broker (127.0.0.1:9092, or `KAFKA_BROKERS`); each
 * configuration writes to topics of its own (`bench-<random>.<context>.v1`), deleted at the end.
 * Options: `--events N` to seed (default 100000, or `BENCH_EVENTS`), `--batch-sizes 500,1000,5000`,
 * `--partitions N` (default 6), `--rate N` events/s (default 1000), `--seconds N` of steady load per
 * batch size (default 20; 0 skips the live runs).
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import type { EventStore } from '../infra/event-store/port.js';
import { createLogger } from '../infra/logging/logger.js';
import { openPgDatabase } from '../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../infra/postgres/sql-database.js';
import { KAFKA_BRIDGE_NAME, KafkaBridge } from '../projections/kafka-bridge/kafka-bridge.js';
import { BridgeTopics } from '../projections/kafka-bridge/topics.js';
import { NOTHING_PROCESSED, writeCheckpoint } from '../projections/runner/checkpoints.js';
import { ensureBroker, TEST_BROKER } from '../test/kafka-bridge/support/broker.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { ShopHistory } from './support/domain-history.js';
import { lagSamples } from './support/projection-lag.js';
import { RecordingPositions } from './support/recording-positions.js';
import { seedDatabase } from './support/seed.js';
import { formatNumber, formatTable, percentile } from './support/stats.js';
import { writeSteadily } from './support/steady-writer.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: process.env.BENCH_EVENTS ?? '100000' },
    'batch-sizes': { type: 'string', default: '500,1000,5000' },
    partitions: { type: 'string', default: '6' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '20' },
  },
});
const EVENTS = Number(args.events);
const BATCH_SIZES = args['batch-sizes'].split(',').map(Number);
const PARTITIONS = Number(args.partitions);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const WARM_UP_SECONDS = 2;
const CATCH_UP_TARGET = 10_000;
const TIMEOUT_MS = 300_000;

const began = performance.now();
const brokers = process.env.KAFKA_BROKERS?.split(',') ?? [TEST_BROKER];
// Warnings and errors only, on stderr, so that stdout is the report.
const logger = createLogger('warn', pino.destination({ dest: 2, sync: false }));

/**
 * The bridge's acknowledged position (`status().position`), sampled every millisecond, with when each
 * new one was first seen: the bridge moves it right after Kafka acknowledged a batch and its checkpoint
 * committed, so this is when the batch's events were published (to within a millisecond).
 */
class AckedPositions extends RecordingPositions {
  /** How many times the position moved: the batches acknowledged (each takes longer than a millisecond). */
  advances = 0;
  private readonly timer: NodeJS.Timeout;
  private last = NOTHING_PROCESSED;

  constructor(db: SqlDatabase, bridge: KafkaBridge) {
    super(db);
    this.timer = setInterval(() => {
      const position = bridge.status().position;
      if (position <= this.last) return;
      this.last = position;
      this.advances++;
      this.announce(KAFKA_BRIDGE_NAME, position);
    }, 1);
  }

  /** When the bridge had acknowledged `position` (`performance.now()` clock). */
  async reached(position: bigint): Promise<number> {
    const deadline = performance.now() + TIMEOUT_MS;
    for (;;) {
      const at = this.appliedAt(KAFKA_BRIDGE_NAME, position);
      if (at !== undefined) return at;
      if (performance.now() > deadline) throw new Error(`the bridge did not reach position ${position} within ${TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Runs a bridge with these settings while `work` runs, sampling its acknowledged position; stops it after. */
async function withBridge<T>(db: SqlDatabase, store: EventStore, prefix: string, batchSize: number, work: (acked: AckedPositions, bridge: KafkaBridge) => Promise<T>): Promise<T> {
  const bridge = new KafkaBridge({ store, db, brokers, logger, topicPrefix: prefix, partitions: PARTITIONS, batchSize });
  const acked = new AckedPositions(db, bridge);
  try {
    return await work(acked, bridge);
  } finally {
    acked.stop();
    await bridge.stop();
  }
}

async function lastPosition(store: EventStore): Promise<bigint> {
  return (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0]?.position ?? NOTHING_PROCESSED;
}

/** Messages on the topics (high minus low watermark, summed over their partitions). */
async function messagesOn(admin: kafkajs.Admin, topics: readonly string[]): Promise<number> {
  const offsets = await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)));
  return offsets.flat().reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
}

/**
 * The topics as the bridge's first start left them, with a leader for every partition: creating them
 * happens once in a deployment's life, not on each catch-up.
 */
async function createTopics(admin: kafkajs.Admin, topics: readonly string[]): Promise<void> {
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })) });
  for (;;) {
    const { topics: described } = await admin.fetchTopicMetadata({ topics: [...topics] });
    if (described.every(({ partitions }) => partitions.length === PARTITIONS && partitions.every(({ leader }) => leader >= 0))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Catch-up from nothing published to the head of the full store: the table's row. */
async function catchUp(db: SqlDatabase, store: EventStore, admin: kafkajs.Admin, events: number, prefix: string, batchSize: number): Promise<string[]> {
  await writeCheckpoint(db, KAFKA_BRIDGE_NAME, NOTHING_PROCESSED);
  await createTopics(admin, new BridgeTopics(prefix).all());
  const head = await lastPosition(store);
  process.stderr.write(`catch-up, batch size ${formatNumber(batchSize)} ...\n`);
  const figures = await withBridge(db, store, prefix, batchSize, async (acked, bridge) => {
    const cpuBefore = process.cpuUsage();
    const loopBefore = performance.eventLoopUtilization();
    const started = performance.now();
    bridge.start();
    const done = await acked.reached(head);
    const cpu = process.cpuUsage(cpuBefore);
    const loopBusy = performance.eventLoopUtilization(loopBefore).utilization;
    const firstAck = acked.appliedAt(KAFKA_BRIDGE_NAME, 0n) ?? done;
    return { seconds: (done - started) / 1000, startUpMs: firstAck - started, batches: acked.advances, cpuShare: (cpu.user + cpu.system) / 1000 / (done - started), loopBusy };
  });
  const onKafka = await messagesOn(admin, new BridgeTopics(prefix).all());
  const eventsPerSecond = events / figures.seconds;
  return [
    formatNumber(batchSize),
    formatNumber(events),
    formatNumber(onKafka),
    formatNumber(figures.seconds, 2),
    formatNumber(figures.startUpMs),
    formatNumber(eventsPerSecond),
    formatNumber(events / figures.batches),
    formatNumber(figures.cpuShare * 100),
    formatNumber((figures.cpuShare * figures.seconds * 1e6) / events),
    formatNumber(figures.loopBusy * 100),
    eventsPerSecond >= CATCH_UP_TARGET ? 'yes' : 'no',
  ];
}

/** The steady load with the bridge following live (woken by the writer's appends, as in `serve`): the table's rows. */
async function live(db: SqlDatabase, store: EventStore, history: ShopHistory, prefix: string, batchSize: number): Promise<string[][]> {
  await writeCheckpoint(db, KAFKA_BRIDGE_NAME, await lastPosition(store));
  return withBridge(db, store, prefix, batchSize, async (acked, bridge) => {
    bridge.start();
    const label = `live, batch size ${formatNumber(batchSize)}`;
    process.stderr.write(`${label}: warming up at ${formatNumber(RATE)} events/s for ${WARM_UP_SECONDS} s ...\n`);
    await acked.reached(highest(await writeSteadily(store, history, RATE, WARM_UP_SECONDS)));
    process.stderr.write(`${label}: ${formatNumber(RATE)} events/s for ${SECONDS} s ...\n`);
    const written = await writeSteadily(store, history, RATE, SECONDS);
    await acked.reached(highest(written));
    const samples = lagSamples(written, acked, [KAFKA_BRIDGE_NAME]);
    const row = (what: string, lags: readonly number[]): string[] => [formatNumber(batchSize), what, formatNumber(lags.length), ...[50, 95, 99, 100].map((p) => formatNumber(percentile(lags, p), 1))];
    return [row('acknowledged by Kafka', samples.allReadModels), row('(append acknowledged)', samples.acknowledged)];
  });
}

function highest(written: readonly { position: bigint }[]): bigint {
  return written.reduce((high, append) => (append.position > high ? append.position : high), NOTHING_PROCESSED);
}

if (process.env.KAFKA_BROKERS === undefined) await ensureBroker();
const kafka = new kafkajs.Kafka({ clientId: 'shopverse-bench-bridge', brokers, logLevel: kafkajs.logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
const run = randomBytes(4).toString('hex');
const prefixes = BATCH_SIZES.map((batchSize) => `bench-${run}-b${batchSize}`);
/** Only the topics that exist: deleting one that does not fails the whole request. */
async function deleteTopics(): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const topics = prefixes.flatMap((prefix) => new BridgeTopics(prefix).all()).filter((topic) => existing.has(topic));
  if (topics.length > 0) await admin.deleteTopics({ topics });
}
const database = await createTestDatabase();
process.once('SIGINT', () => void Promise.allSettled([database.drop(), deleteTopics()]).finally(() => process.exit(130)));
const db = openPgDatabase(database.url);
let store: EventStore | undefined;
try {
  const history = new ShopHistory();
  const seeded = await seedDatabase(db, history, EVENTS);
  store = seeded.store;
  const catchUpRows: string[][] = [];
  for (const [index, batchSize] of BATCH_SIZES.entries()) catchUpRows.push(await catchUp(db, store, admin, seeded.events, prefixes[index] ?? '', batchSize));
  const liveRows: string[][] = [];
  if (SECONDS > 0) for (const [index, batchSize] of BATCH_SIZES.entries()) liveRows.push(...(await live(db, store, history, prefixes[index] ?? '', batchSize)));

  const cpu = cpus();
  const cluster = await admin.describeCluster();
  console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}; Node ${process.version}; Kafka ${brokers.join(',')} (${cluster.brokers.length} broker(s)); PostgreSQL on 127.0.0.1`);
  console.log(`seeded ${formatNumber(seeded.events)} events of a simulated shop in ${formatNumber(seeded.seconds, 1)} s (${formatNumber(seeded.events / seeded.seconds)} events/s)\n`);
  console.log(`Kafka bridge catch-up from a full store to the last acknowledgement, ${PARTITIONS} partitions a topic (target: ≥ ${formatNumber(CATCH_UP_TARGET)} events/s):\n`);
  console.log(formatTable(['batch size', 'events', 'on Kafka', 'seconds', 'start-up ms', 'events/s', 'events a batch', 'CPU %', 'CPU µs/event', 'loop busy %', '≥ target'], catchUpRows));
  if (SECONDS > 0) {
    console.log(`\nLive publication lag at a steady ${formatNumber(RATE)} events/s for ${SECONDS} s:\n`);
    console.log(formatTable(['batch size', 'lag from planned send until', 'events', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], liveRows));
  }
  console.log(
    `\nThe bridge, the writer and the benchmark share this process and one pool of 10 connections, as in \`serve\`; Postgres and the broker run on the same machine.` +
      ` The topics exist already (created at the bridge's first start, once in a deployment's life). Seconds and events/s run from \`start()\` (producer thread start, connect, first batch: the start-up column) until \`status().position\` reached the last event,` +
      ` sampled every millisecond (each move of it is a batch acknowledged: events a batch is their mean size). CPU % is this process's CPU time meanwhile,` +
      ` as a share of one core (CPU µs/event: the same per event, what the load of other processes changes least); loop busy % is how much of the time its event loop was not idle (near 100 with CPU % near 100: the bridge is bound by its own` +
      ` thread's CPU, not by waiting for Kafka or Postgres; near 100 with CPU % well below: other processes took the CPU). "On Kafka" counts the messages on the configuration's topics.` +
      ` Live lag runs from each event's planned send time (open loop, every 10 ms) until the bridge's acknowledged position passed it.`,
  );
  console.log(`took ${formatNumber((performance.now() - began) / 1000, 0)} s`);
} finally {
  await store?.close();
  await db.close();
  await database.drop();
  await deleteTopics();
  await admin.disconnect();
}
