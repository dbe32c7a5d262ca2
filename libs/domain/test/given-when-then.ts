import { Rejection, type Decider, type RejectionKind } from '../src';

/** given(events).when(command).then(events) — or .rejects(kind, message) — for any decider. */
export function specFor<S, C, E>(decider: Decider<S, C, E>) {
  return (given: E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenContains: (expected: Partial<E>[]) => expect(run()).toEqual(expected.map((e) => expect.objectContaining(e))),
        events: run,
        rejects: (kind: RejectionKind, message?: RegExp) => {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(Rejection);
          expect((error as Rejection).kind).toBe(kind);
          if (message) expect((error as Rejection).message).toMatch(message);
        },
      };
    },
  });
}
