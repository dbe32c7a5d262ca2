import { electionDecider, electionStreamId, parseElectionEvent } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { load } from '../command-handling/load-stream';

export const loadElection = (store: EventStore, electionId: string) => load(store, electionDecider, parseElectionEvent, electionStreamId(electionId));

/** The 404 of an election: it names neither the cluster nor whether the election exists. */
export const electionNotFound = (electionId: string) => `Election '${electionId}' does not exist or you may not read it`;
