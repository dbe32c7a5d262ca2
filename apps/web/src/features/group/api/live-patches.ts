import type { QueryClient } from '@tanstack/react-query';
import type { FragmentOf, GroupView } from '../../../lib/api-types';
import { isNewer, patchOrRefetch } from '../../../lib/query';
import { groupKey, groupsKey } from './group';

/** A group fragment is the whole group view (when its cluster is known): it replaces the cached one. */
export function patchGroup(client: QueryClient, fragment: FragmentOf<'group'>): void {
  const { view: _view, ...group } = fragment;
  if ('tasks' in group) patchOrRefetch<GroupView>(client, groupKey(group.groupId), (cached) => (isNewer(group.revision, cached.revision) ? (group as GroupView) : cached));
  else void client.invalidateQueries({ queryKey: groupKey(group.groupId), exact: true });
  void client.invalidateQueries({ queryKey: groupsKey(group.clusterId), exact: true });
}
