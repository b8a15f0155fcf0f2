import type { Rejection } from './rejection.js';

/** A domain event as the domain sees it: its type and its data (the envelope is the event store's). */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** The events a command produces, or why it was refused. Deciding never has side effects. */
export type Decision<Event> = readonly Event[] | Rejection;

/**
 * One aggregate's rules: `decide` answers a command from the current state, `evolve` folds an
 * event into the state. State is rebuilt by folding the stream's events over `initialState`.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  decide(command: Command, state: State): Decision<Event>;
  evolve(state: State, event: Event): State;
}

export function stateFrom<Event, State>(decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>, events: readonly Event[]): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}
