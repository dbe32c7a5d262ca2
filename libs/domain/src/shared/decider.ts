/**
 * A decider (Emmett's shape, without its generics): decide turns a command and the current state into
 * events or a Rejection; evolve folds one event into the state. Both are pure: time and the acting
 * person arrive in the command.
 */
export interface Decider<State, Command, Event> {
  initialState: () => State;
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
}

export function fold<State, Event>(decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>, events: Iterable<Event>): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
