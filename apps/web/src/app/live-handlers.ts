import type { QueryClient } from '@tanstack/react-query';
import { patchCluster, patchResolution } from '../features/cluster/live';
import { inboxKey } from '../features/inbox';
import { patchGroup } from '../features/group/live';
import { patchMeeting, patchVote } from '../features/meeting/live';
import { patchElection } from '../features/election/live';
import { RECORDED_ACTS } from '../features/history/api/recorded-acts';
import type { LiveHandlers } from '../lib/live/live-client';

/** Each live message patches the cache entry its fragment names; the features say how. */
export function liveHandlers(client: QueryClient): LiveHandlers {
  return {
    message({ fragment, recorded }) {
      // An act recorded after the fact: the lists that show both its dates read it again.
      if (recorded) void client.invalidateQueries({ predicate: (q) => q.queryKey[q.queryKey.length - 1] === RECORDED_ACTS });
      switch (fragment.view) {
        case 'cluster':
          patchCluster(client, fragment);
          break;
        case 'resolution':
          patchResolution(client, fragment);
          break;
        case 'meeting':
          patchMeeting(client, fragment);
          break;
        case 'vote':
          patchVote(client, fragment);
          break;
        case 'group':
          patchGroup(client, fragment);
          break;
        case 'election':
          patchElection(client, fragment);
          break;
      }
      // The inbox is computed from meetings, votes and groups across clusters: read it again.
      if (fragment.view !== 'cluster' && fragment.view !== 'resolution') void client.invalidateQueries({ queryKey: inboxKey, exact: true });
    },
    freshJoin(room) {
      // What the room covers, read once more now that nothing after this moment can be missed.
      const at = room.indexOf(':');
      const [kind, id] = [room.slice(0, at), room.slice(at + 1)];
      const resource = { cluster: 'clusters', meeting: 'meetings', group: 'groups', election: 'elections' }[kind];
      if (resource) void client.invalidateQueries({ queryKey: [resource, id] });
    },
  };
}
