import type { Body, ClusterState } from '@klaster/domain';

/** GET /api/clusters/{id}/bodies: each body and its seats (see bodiesOf). */
export function bodiesView(cluster: ClusterState, bodies: Body[]) {
  return { clusterId: cluster.clusterId, bodies } as { clusterId: string; bodies: Body[]; pointInTime?: { asOf: string } | { atPosition: string } };
}

export type BodiesView = ReturnType<typeof bodiesView>;
