import { expect } from 'vitest';
import { stateFrom, type Decider } from '../../domain/shared/decider.js';
import { isRejection, type RejectionCode } from '../../domain/shared/rejection.js';

/**
 * Given/when/then specifications of a decider: given these past events, when this command,
 * then these new events (or this refusal).
 */
export function specify<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given: (history: readonly Event[]) => ({
      when: (command: Command) => {
        const decision = decider.decide(command, stateFrom(decider, history));
        return {
          then(expected: readonly Event[]): void {
            expect(decision).toEqual(expected);
          },
          thenRejected(code: RejectionCode, reason?: RegExp): void {
            if (!isRejection(decision)) throw new Error(`expected a ${code} refusal, got events ${JSON.stringify(decision)}`);
            expect(decision.code).toBe(code);
            if (reason) expect(decision.reason).toMatch(reason);
          },
        };
      },
    }),
  };
}
