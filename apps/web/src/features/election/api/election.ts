import type { ElectionBody, ElectionView } from '../../../lib/api-types';
import { apiCommand, seg } from '../../../lib/api-client';
import { useResource } from '../../../lib/query';

export const electionKey = (electionId: string) => ['elections', electionId] as const;
export const electionsKey = (clusterId: string) => ['clusters', clusterId, 'elections'] as const;

export const useElection = (electionId: string) => useResource<ElectionView>(electionKey(electionId));
export const useElections = (clusterId: string) => useResource<ElectionView[]>(electionsKey(clusterId));

export const castElectionBallot = (electionId: string, body: ElectionBody<'CastElectionBallot'>) => apiCommand(`/elections/${seg(electionId)}/ballots`, body);
