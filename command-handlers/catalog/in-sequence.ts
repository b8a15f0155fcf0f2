import type { EventOf } from '../../domain/shared/event-catalogue.js';
import { isRejection } from '../../domain/shared/rejection.js';
import type { AnyEventDefinition } from '../event-codec.js';
import type { Aggregate } from '../handle-command.js';

/**
 * The aggregate deciding a list of commands as one: each on the state the previous ones' events
 * left, all refused if one is. Handled with `handleCommand`, the list is one load → decide → append
 * at one expected revision, so `If-Match` and concurrent writers cover the whole request.
 */
export function inSequence<Command, Definition extends AnyEventDefinition, State>(
  aggregate: Aggregate<Command, Definition, State>,
): Aggregate<readonly Command[], Definition, State> {
  const { decider } = aggregate;
  return {
    events: aggregate.events,
    decider: {
      initialState: decider.initialState,
      evolve: (state, event) => decider.evolve(state, event),
      decide(commands, state) {
        const events: EventOf<Definition>[] = [];
        let current = state;
        for (const command of commands) {
          const decision = decider.decide(command, current);
          if (isRejection(decision)) return decision;
          events.push(...decision);
          current = decision.reduce((next, event) => decider.evolve(next, event), current);
        }
        return events;
      },
    },
  };
}
