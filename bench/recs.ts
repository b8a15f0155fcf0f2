/**
 * `npm run bench:recs`: an offline quality check of the recommendations. A synthetic shop (seeded:
 * segments preferring categories, products of uneven appeal, complements bought together) is split by
 * time; the earlier events go through the real recommendations projection into Redis (a fresh key
 * prefix) and the catalogue projection into Postgres (a fresh database); then, for every customer who
 * bought something new later, the real recommender's top 10 is compared with a popularity-only top 10
 * (both leaving out what the customer bought before). Options: `--seed N` (default 7), `--customers N`
 * (default 3000), `--days N` (default 90), `--train F` share of the period to learn from (default 0.8).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { RecordedEvent } from '../infra/event-store/port.js';
import { createLogger } from '../infra/logging/logger.js';
import { migrate } from '../infra/postgres/migrate.js';
import { projectionMigrations } from '../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../infra/postgres/pg-database.js';
import { catalogProjection } from '../projections/catalog/projection.js';
import { RecommendationKeys } from '../projections/recommendations/keys.js';
import { RecommendationWriter } from '../projections/recommendations/redis-writer.js';
import { installProjectionSchema } from '../projections/runner/schema.js';
import { Recommender } from '../read-api/recommendations/recommender.js';
import { RedisRecommendationReads } from '../read-api/recommendations/redis-reads.js';
import type { RecommendedItem } from '../read-api/recommendations/schemas.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { anOrder, aProduct, aView, type StreamEvents } from '../test/support/shop-events.js';
import { dropKeys } from '../test/recommendations/support/redis-dump.js';
import { syntheticShop, type Happening } from './support/recs-shop.js';
import { formatNumber, formatTable, percentile } from './support/stats.js';

const { values: args } = parseArgs({
  options: { seed: { type: 'string', default: '7' }, customers: { type: 'string', default: '3000' }, days: { type: 'string', default: '90' }, train: { type: 'string', default: '0.8' } },
});
const SEED = Number(args.seed);
const CUSTOMERS = Number(args.customers);
const DAYS = Number(args.days);
const TRAIN = Number(args.train);
const TOP = 10;
const OPENED_AT = Date.UTC(2026, 0, 1);
const BATCH = 1_000;

const iso = (at: number): string => new Date(OPENED_AT + at).toISOString();

/** Stored events as the projections receive them: positions in order, revisions per stream. */
function recorded(streams: readonly StreamEvents[], firstPosition: bigint): RecordedEvent[] {
  const revisions = new Map<string, bigint>();
  let position = firstPosition;
  return streams.flatMap(({ streamId, events }) =>
    events.map((event) => {
      const revision = (revisions.get(streamId) ?? -1n) + 1n;
      revisions.set(streamId, revision);
      position += 1n;
      return { ...event, streamId, revision, position, recordedAt: new Date(Date.parse(event.metadata.occurredAt)) };
    }),
  );
}

function eventsOf(happening: Happening): StreamEvents {
  return happening.kind === 'view'
    ? aView(happening.sessionId, happening.productId, happening.customerId, iso(happening.at))
    : anOrder(happening.customerId, happening.productIds, happening.outcome, iso(happening.at));
}

interface Outcome {
  customers: number;
  hits: number;
  found: number;
  wanted: number;
  shown: Set<string>;
}

const emptyOutcome = (): Outcome => ({ customers: 0, hits: 0, found: 0, wanted: 0, shown: new Set() });

function score(outcome: Outcome, recommended: readonly string[], wanted: ReadonlySet<string>): void {
  const found = recommended.filter((productId) => wanted.has(productId)).length;
  outcome.customers++;
  outcome.hits += found > 0 ? 1 : 0;
  outcome.found += found;
  outcome.wanted += wanted.size;
  for (const productId of recommended) outcome.shown.add(productId);
}

const shop = syntheticShop({ seed: SEED, customers: CUSTOMERS, days: DAYS });
const cutoff = DAYS * 86_400_000 * TRAIN;
const training = shop.happenings.filter((happening) => happening.at < cutoff);
const confirmed = (happening: Happening): happening is Extract<Happening, { kind: 'order' }> => happening.kind === 'order' && happening.outcome === 'confirmed';

// What each customer bought while the model learnt, and what they bought new afterwards.
const boughtBefore = new Map<string, Set<string>>();
const orderCounts = new Map<string, number>();
for (const order of training.filter(confirmed)) {
  const mine = boughtBefore.get(order.customerId) ?? new Set<string>();
  for (const productId of order.productIds) {
    mine.add(productId);
    orderCounts.set(productId, (orderCounts.get(productId) ?? 0) + 1);
  }
  boughtBefore.set(order.customerId, mine);
}
const boughtAfter = new Map<string, Set<string>>();
for (const order of shop.happenings.filter((happening) => happening.at >= cutoff).filter(confirmed)) {
  const fresh = order.productIds.filter((productId) => boughtBefore.get(order.customerId)?.has(productId) !== true);
  if (fresh.length > 0) boughtAfter.set(order.customerId, new Set([...(boughtAfter.get(order.customerId) ?? []), ...fresh]));
}
const popularFirst = [...orderCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([productId]) => productId);

const database = await createTestDatabase();
const db = openPgDatabase(database.url);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const keys = new RecommendationKeys(`bench:recs:${randomUUID()}:`);
try {
  await migrate(db, projectionMigrations);
  await installProjectionSchema(db, catalogProjection);
  const catalogue = recorded(
    shop.products.map((product) => aProduct(product.id, product.categoryId, product.attributes, iso(0))),
    0n,
  );
  await db.transaction((tx) => catalogProjection.apply(tx, catalogue));

  const events = recorded(training.map(eventsOf), BigInt(catalogue.length));
  const writer = new RecommendationWriter(redis, keys);
  const trainStarted = performance.now();
  for (let from = 0; from < events.length; from += BATCH) await writer.apply(events.slice(from, from + BATCH));
  const trainSeconds = (performance.now() - trainStarted) / 1_000;

  const recommender = new Recommender(db, new RedisRecommendationReads(redis, keys));
  const logger = createLogger('silent');
  const ours = emptyOutcome();
  const baseline = emptyOutcome();
  const reasons = new Map<RecommendedItem['reason'], number>();
  const latencies: number[] = [];
  for (const [customerId, wanted] of boughtAfter) {
    const started = performance.now();
    const items = await recommender.forCustomer(customerId, TOP, logger);
    latencies.push(performance.now() - started);
    for (const item of items) reasons.set(item.reason, (reasons.get(item.reason) ?? 0) + 1);
    score(
      ours,
      items.map((item) => item.productId),
      wanted,
    );
    const bought = boughtBefore.get(customerId) ?? new Set<string>();
    score(
      baseline,
      popularFirst.filter((productId) => !bought.has(productId)).slice(0, TOP),
      wanted,
    );
  }

  const row = (method: string, outcome: Outcome): string[] => [
    method,
    formatNumber(outcome.customers),
    formatNumber(outcome.hits),
    formatNumber((100 * outcome.hits) / outcome.customers, 1),
    formatNumber((100 * outcome.found) / outcome.wanted, 1),
    formatNumber(outcome.shown.size),
  ];
  const shown = [...reasons.values()].reduce((sum, count) => sum + count, 0);
  process.stdout.write(
    [
      `Synthetic shop: seed ${String(SEED)}, ${formatNumber(CUSTOMERS)} customers, ${formatNumber(shop.products.length)} products in 12 categories, ${String(DAYS)} days; learnt from the first ${formatNumber(TRAIN * 100)}% (${formatNumber(events.length)} events), evaluated on the purchases of new products after.`,
      '',
      formatTable(['method', 'customers', 'with a hit', `hit-rate@${String(TOP)} %`, `recall@${String(TOP)} %`, 'products shown'], [row('ours (co-purchase, co-view, content, popular)', ours), row('popularity only', baseline)]),
      '',
      formatTable(
        ['reason', 'items', 'share %'],
        [...reasons].sort((a, b) => b[1] - a[1]).map(([reason, count]) => [reason, formatNumber(count), formatNumber((100 * count) / shown, 1)]),
      ),
      '',
      formatTable(
        ['step', 'count', 'per second', 'p50 ms', 'p99 ms'],
        [
          ['learning: events through the projection into Redis', formatNumber(events.length), formatNumber(events.length / trainSeconds), '', ''],
          ['a customer\'s top 10 computed (Redis + Postgres)', formatNumber(latencies.length), formatNumber(latencies.length / (latencies.reduce((sum, ms) => sum + ms, 0) / 1_000)), formatNumber(percentile(latencies, 50), 2), formatNumber(percentile(latencies, 99), 2)],
        ],
      ),
      '',
    ].join('\n'),
  );
  const beats = ours.hits > baseline.hits;
  process.stdout.write(beats ? 'ours beats the popularity baseline\n' : 'FAIL: ours does not beat the popularity baseline\n');
  process.exitCode = beats ? 0 : 1;
} finally {
  await dropKeys(redis, keys.prefix);
  redis.disconnect();
  await db.close();
  await database.drop();
}
