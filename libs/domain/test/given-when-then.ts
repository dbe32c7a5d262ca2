import { Rejection, type RejectionKind } from '../src/shared/rejection';
import type { Decider } from '../src/shared/decider';

/**
 * given(events).when(command).then(events) — or .rejects(kind, reason, code?) — for any decider. A refusal
 * names its reason: a test must not pass on a different refusal of the same kind. Given a code, the
 * refusal's stable code (what a client translates) is pinned too.
 */
export function specFor<S, C, E>(decider: Decider<S, C, E>) {
  return (given: E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenContains: (expected: Partial<E>[]) => expect(run()).toEqual(expected.map((e) => expect.objectContaining(e))),
        events: run,
        rejects: (kind: RejectionKind, reason: RegExp, code?: string) => {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(Rejection);
          expect({ kind: (error as Rejection).kind, message: (error as Rejection).message }).toEqual({ kind, message: expect.stringMatching(reason) });
          if (code !== undefined) expect((error as Rejection).code).toBe(code);
        },
      };
    },
  });
}
