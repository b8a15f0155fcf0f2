import { v5 as uuidv5 } from 'uuid';
import { stateFrom, type Decider } from '../domain/shared/decider.js';
import type { EventOf } from '../domain/shared/event-catalogue.js';
import { isRejection } from '../domain/shared/rejection.js';
import { WrongExpectedRevisionError } from '../infra/event-store/errors.js';
import type { EventStore, EventToAppend } from '../infra/event-store/port.js';
import { readStreamIfExists } from '../infra/event-store/read-stream-if-exists.js';
import { withLogContext } from '../infra/logging/log-context.js';
import { currentTraceparent } from '../infra/tracing/traceparent.js';
import { inSpan, recordFailure, SpanAttributes } from '../infra/tracing/tracer.js';
import { commandResultOf, commandTypes, type CommandObserver } from './command-observer.js';
import { CommandRejectedError, ConcurrencyConflictError, PreconditionFailedError } from './errors.js';
import { decodeEvents, encodeEvents, type AnyEventDefinition, type CausationMetadata } from './event-codec.js';

/** An aggregate as the handlers see it: its rules and the definitions of its events. */
export interface Aggregate<Command, Definition extends AnyEventDefinition, State> {
  readonly decider: Decider<Command, EventOf<Definition>, State>;
  readonly events: readonly Definition[];
}

export interface CommandContext extends CausationMetadata {
  /** Identifies this command: the ids of the events it appends derive from it, so a retried append is recognised. */
  readonly commandId: string;
  /** From `If-Match`: the stream must be at exactly this revision, else `PreconditionFailedError` (no retry). */
  readonly ifMatch?: bigint;
  /** Told how the command ended and of its retries (metrics, debug lines); none for commands nobody watches. */
  readonly observer?: CommandObserver;
}

export interface CommandOutcome<State> {
  /** The stream's revision after the command (its ETag). */
  readonly revision: bigint | 'no_stream';
  /** Global position of the last event appended, or of the stream's last event when nothing was appended. */
  readonly position: bigint | null;
  readonly appended: number;
  /** The aggregate's state after the command. */
  readonly state: State;
}

// Fixed namespace of event ids derived from command ids.
const EVENT_ID_NAMESPACE = '6f0d2c55-1b9e-4c8e-a3f7-2d5b8e9c0a14';
// Under contention every round of retries has one winner, so a stream with N concurrent writers
// needs up to N rounds: retry often enough for a hot stream (a popular product's stock), with a
// jittered, growing pause so that the losers do not collide again in lockstep.
const MAX_ATTEMPTS = 50;
const MAX_BACKOFF_MS = 100;

function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt)));
}

export interface LoadedAggregate<Definition extends AnyEventDefinition, State> {
  readonly state: State;
  readonly history: readonly EventOf<Definition>[];
  readonly revision: bigint | 'no_stream';
  readonly position: bigint | null;
}

/** The aggregate's state from its stream (the initial state when the stream does not exist). */
export async function loadAggregate<Command, Definition extends AnyEventDefinition, State>(
  store: EventStore,
  aggregate: Aggregate<Command, Definition, State>,
  streamId: string,
): Promise<LoadedAggregate<Definition, State>> {
  const recorded = (await readStreamIfExists(store, streamId)) ?? [];
  const history = decodeEvents(aggregate.events, recorded);
  const last = recorded.at(-1);
  return { state: stateFrom(aggregate.decider, history), history, revision: last?.revision ?? 'no_stream', position: last?.position ?? null };
}

// The ids derive from the command and from where in the stream it lands, so that an append retried
// after a failure is recognised by the event store as the same one. With tracing on, each event
// carries the command span's `traceparent`: what reacts to the event (the order saga) continues the trace.
function encodeDecision<Definition extends AnyEventDefinition>(
  aggregate: Pick<Aggregate<unknown, Definition, unknown>, 'events'>,
  streamId: string,
  decision: readonly EventOf<Definition>[],
  context: CommandContext,
  slot: string,
): EventToAppend[] {
  const eventIds = decision.map((_, index) => uuidv5(`${context.commandId}/${streamId}/${slot}/${index}`, EVENT_ID_NAMESPACE));
  const { correlationId, causationId, actorId, occurredAt } = context;
  const traceparent = currentTraceparent();
  return encodeEvents(aggregate.events, decision, { eventIds, metadata: { correlationId, causationId, actorId, occurredAt, ...(traceparent === undefined ? {} : { traceparent }) } });
}

/**
 * Handles a command in its log context (what it logs, and what the event store logs meanwhile, says
 * which correlation, causation, user and command it belongs to) and in its span (a child of the
 * request's or saga step's), telling the observer how it ended and of each retry. A list of commands
 * decided as one counts as each of them.
 */
async function observed<Outcome>(command: unknown, streamId: string, context: CommandContext, handle: (retried: () => void) => Promise<Outcome>): Promise<Outcome> {
  const types = commandTypes(command);
  const type = types.join(',');
  const { correlationId, causationId, actorId, observer } = context;
  const fields = { correlationId, ...(causationId === null ? {} : { causationId }), ...(actorId === null ? {} : { userId: actorId }), command: type };
  const attributes = { [SpanAttributes.commandType]: type, [SpanAttributes.streamId]: streamId, [SpanAttributes.correlationId]: correlationId };
  return withLogContext(fields, () =>
    inSpan(type, { attributes }, async (span) => {
      try {
        const outcome = await handle(() => {
          span.addEvent('retry');
          for (const each of types) observer?.retried(each);
        });
        span.setAttribute(SpanAttributes.commandOutcome, 'accepted');
        for (const each of types) observer?.handled(each, 'accepted');
        return outcome;
      } catch (error) {
        const result = commandResultOf(error);
        span.setAttribute(SpanAttributes.commandOutcome, result);
        // A refusal (the domain's, a conflict, If-Match) is an answer; a failure is an error.
        if (result === 'error' || result === 'unavailable') recordFailure(span, error);
        for (const each of types) observer?.handled(each, result);
        throw error;
      }
    }),
  );
}

/**
 * Load the stream, decide, append with the expected revision. A concurrent writer makes the append
 * conflict: then decide again on the fresh state (bounded), unless `If-Match` pinned the revision.
 */
export function handleCommand<Command, Definition extends AnyEventDefinition, State>(
  store: EventStore,
  aggregate: Aggregate<Command, Definition, State>,
  streamId: string,
  command: Command,
  context: CommandContext,
): Promise<CommandOutcome<State>> {
  return observed(command, streamId, context, async (retried) => {
    for (let attempt = 1; ; attempt++) {
      const { state, revision, position } = await loadAggregate(store, aggregate, streamId);
      if (context.ifMatch !== undefined && revision !== context.ifMatch) throw new PreconditionFailedError(streamId, context.ifMatch, revision);
      const decision = aggregate.decider.decide(command, state);
      if (isRejection(decision)) throw new CommandRejectedError(decision);
      if (decision.length === 0) return { revision, position, appended: 0, state };
      try {
        const result = await store.append(streamId, encodeDecision(aggregate, streamId, decision, context, String(revision)), { expectedRevision: revision });
        return { revision: result.nextRevision, position: result.position, appended: decision.length, state: decision.reduce((next, event) => aggregate.decider.evolve(next, event), state) };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (context.ifMatch !== undefined) throw new PreconditionFailedError(streamId, context.ifMatch, error.actualRevision);
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflictError(streamId);
        retried();
        await backOff(attempt);
      }
    }
  });
}

/**
 * For aggregates that are logs (a browsing session's views): their rules never depend on what was
 * recorded before, so decide on the initial state and append at any revision, without reading the
 * stream. The outcome's state is that of the new events alone.
 */
export function recordCommand<Command, Definition extends AnyEventDefinition, State>(
  store: EventStore,
  aggregate: Aggregate<Command, Definition, State>,
  streamId: string,
  command: Command,
  context: CommandContext,
): Promise<CommandOutcome<State>> {
  return observed(command, streamId, context, async () => {
    const { decider } = aggregate;
    const decision = decider.decide(command, decider.initialState);
    if (isRejection(decision)) throw new CommandRejectedError(decision);
    const result = await store.append(streamId, encodeDecision(aggregate, streamId, decision, context, 'any'), { expectedRevision: 'any' });
    return { revision: result.nextRevision, position: result.position, appended: decision.length, state: stateFrom(decider, decision) };
  });
}
