import type { QueryClient } from '@tanstack/react-query';
import type { ElectionView, FragmentOf } from '../../../lib/api-types';
import { isNewer, patchOrRefetch } from '../../../lib/query';
import { electionKey, electionsKey } from './election';

/** An election fragment is the whole election view: it replaces the cached one (and its line in the list). */
export function patchElection(client: QueryClient, fragment: FragmentOf<'election'>): void {
  const { view: _view, ...election } = fragment;
  const newer = (cached: ElectionView) => (isNewer(election.revision, cached.revision) ? election : cached);
  patchOrRefetch<ElectionView>(client, electionKey(election.electionId), newer);
  const list = client.getQueryData<ElectionView[]>(electionsKey(election.clusterId));
  if (list && list.some((e) => e.electionId === election.electionId)) client.setQueryData<ElectionView[]>(electionsKey(election.clusterId), list.map((e) => (e.electionId === election.electionId ? newer(e) : e)));
  else void client.invalidateQueries({ queryKey: electionsKey(election.clusterId), exact: true });
}
