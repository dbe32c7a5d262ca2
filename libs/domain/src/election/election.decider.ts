import type { Decider } from '../shared/decider';
import type { ElectionCommand } from './election.commands';
import type { ElectionEvent } from './election.events';
import { decideElection } from './election.decide';
import { evolveElection, initialElectionState, type ElectionState } from './election.state';

export const electionStreamId = (electionId: string) => `election-${electionId}`;

export const electionDecider: Decider<ElectionState, ElectionCommand, ElectionEvent> = {
  initialState: initialElectionState,
  decide: decideElection,
  evolve: evolveElection,
};
