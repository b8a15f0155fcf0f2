import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommandRejectedError, PreconditionFailedError } from '../../command-handlers/errors.js';
import { handleCommand, type CommandContext } from '../../command-handlers/handle-command.js';
import { reviewAggregate } from '../../domain/reviews/aggregates.js';
import type { SubmitReview } from '../../domain/reviews/commands.js';
import { reviewIdFor, reviewStream } from '../../domain/reviews/review.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { createLogger } from '../../infra/logging/logger.js';
import { commandMetrics } from '../../infra/metrics/command-metrics.js';
import { useEventStoreDatabase } from '../support/postgres.js';

const at = '2026-11-26T12:00:00.000Z';

function context(overrides: Partial<CommandContext> = {}): CommandContext {
  return { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actorId: randomUUID(), occurredAt: at, ...overrides };
}

function aReview(): { reviewId: string; stream: string; submit: SubmitReview } {
  const customerId = randomUUID();
  const productId = randomUUID();
  const reviewId = reviewIdFor(customerId, productId);
  return {
    reviewId,
    stream: reviewStream(reviewId),
    submit: { type: 'SubmitReview', reviewId, productId, customerId, rating: 5, title: 'Great', body: 'Really great.', verifiedPurchase: false, at },
  };
}

describe('handling a command', () => {
  const fixture = useEventStoreDatabase();
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = (await PostgresEventStore.open(fixture.db)).store;
  });

  it('loads, decides and appends, with the causation in every event and the new revision and position', async () => {
    const { stream, submit } = aReview();
    const ctx = context();
    const outcome = await handleCommand(store, reviewAggregate, stream, submit, ctx);
    expect(outcome).toMatchObject({ revision: 0n, appended: 1, state: { status: 'pending' } });
    const [event] = await store.readStream(stream);
    expect(event?.position).toBe(outcome.position);
    expect(event?.type).toBe('ReviewSubmitted');
    expect(event?.metadata).toEqual({ correlationId: ctx.correlationId, causationId: null, actorId: ctx.actorId, occurredAt: at, schemaVersion: 1 });
  });

  it('appends nothing when the domain refuses', async () => {
    const { stream, submit } = aReview();
    await handleCommand(store, reviewAggregate, stream, submit, context());
    const refused = await handleCommand(store, reviewAggregate, stream, submit, context()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CommandRejectedError);
    expect((refused as CommandRejectedError).rejection.code).toBe('conflict');
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('appends nothing and reports the revision when If-Match names an old one', async () => {
    const { reviewId, stream, submit } = aReview();
    await handleCommand(store, reviewAggregate, stream, submit, context());
    await handleCommand(store, reviewAggregate, stream, { type: 'ApproveReview', reviewId, moderatorId: randomUUID(), at }, context({ ifMatch: 0n }));
    const stale = await handleCommand(store, reviewAggregate, stream, { type: 'RejectReview', reviewId, moderatorId: randomUUID(), at }, context({ ifMatch: 0n })).catch(
      (error: unknown) => error,
    );
    expect(stale).toBeInstanceOf(PreconditionFailedError);
    expect((stale as PreconditionFailedError).actualRevision).toBe(1n);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('a command that changes nothing appends nothing and answers with the current revision and position', async () => {
    const { reviewId, stream, submit } = aReview();
    await handleCommand(store, reviewAggregate, stream, submit, context());
    const approve = { type: 'ApproveReview' as const, reviewId, moderatorId: randomUUID(), at };
    const first = await handleCommand(store, reviewAggregate, stream, approve, context());
    const again = await handleCommand(store, reviewAggregate, stream, approve, context());
    expect(again).toMatchObject({ revision: first.revision, position: first.position, appended: 0 });
  });

  it('tells its observer how each command ended, by type', async () => {
    const registry = new Registry();
    const observer = commandMetrics(registry, createLogger('silent'));
    const { reviewId, stream, submit } = aReview();
    await handleCommand(store, reviewAggregate, stream, submit, context({ observer }));
    await handleCommand(store, reviewAggregate, stream, submit, context({ observer })).catch(() => undefined);
    await handleCommand(store, reviewAggregate, stream, { type: 'ApproveReview', reviewId, moderatorId: randomUUID(), at }, context({ observer, ifMatch: 5n })).catch(() => undefined);
    const counted = (await registry.getSingleMetric('shopverse_commands_total')?.get())?.values.map(({ labels, value }) => [labels.command, labels.outcome, value]);
    expect(counted).toEqual([
      ['SubmitReview', 'accepted', 1],
      ['SubmitReview', 'rejected', 1],
      ['ApproveReview', 'precondition_failed', 1],
    ]);
  });

  it('decides again on fresh state when a concurrent writer got there first', async () => {
    const { reviewId, stream, submit } = aReview();
    await handleCommand(store, reviewAggregate, stream, submit, context());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, n) =>
        handleCommand(store, reviewAggregate, stream, { type: n % 2 === 0 ? 'ApproveReview' : 'RejectReview', reviewId, moderatorId: randomUUID(), at }, context()),
      ),
    );
    const decided = await store.readStream(stream);
    // Exactly one moderation decision is recorded; the others saw it and were refused or were no-ops.
    expect(decided).toHaveLength(2);
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused.every((outcome) => outcome.reason instanceof CommandRejectedError && outcome.reason.rejection.code === 'conflict')).toBe(true);
  });
});
