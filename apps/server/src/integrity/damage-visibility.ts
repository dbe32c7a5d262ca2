import { mayRead, notFound, type ClusterState, type Rejection } from '@klaster/domain';
import { aggregateOf } from '@klaster/audit';
import { clusterNotFound } from '../projections/read-query';
import { meetingNotFound } from '../meetings/meeting-access';
import { groupNotFound } from '../groups/group-with-cluster';
import { electionNotFound } from '../elections/election-access';
import type { ReadModels } from '../projections/read-models.service';

/** Whether this person may be told that the record of this stream is damaged; otherwise the 404 they would get for a record that does not exist. */
export type DamageVisibility = (personId: string | undefined, streamId: string) => Rejection | undefined;

/**
 * A damaged record is reported (503 record_damaged) only to someone who may read its cluster. A command
 * or a time-travel read meets the damage while it reads the stream — before it has judged who asks —
 * so an outsider gets here the very 404 a record that does not exist gives: a damaged record reveals
 * nothing about what exists. Judged on the cluster's read model (its last good state if the cluster's
 * own stream is the damaged one).
 */
export function damageVisibility(models: Pick<ReadModels, 'doc'>): DamageVisibility {
  return (personId, streamId) => {
    const aggregate = aggregateOf(streamId);
    const missing = notFound(notFoundMessage(aggregate?.kind, aggregate?.id ?? streamId, aggregate?.clusterId ?? ''));
    if (!aggregate || personId === undefined) return missing;
    const cluster = models.doc<ClusterState>('clusters', aggregate.clusterId);
    return cluster && mayRead(cluster.state, personId) ? undefined : missing;
  };
}

function notFoundMessage(kind: string | undefined, id: string, clusterId: string): string {
  switch (kind) {
    case 'meeting':
      return meetingNotFound(id);
    case 'group':
      return groupNotFound(id);
    case 'election':
      return electionNotFound(id);
    default:
      return clusterNotFound(clusterId || id);
  }
}
