import { z } from 'zod';
import { charterSchema } from '../cluster/charter';
import { currentCharter, isCoordinator, type ClusterState } from '../cluster/cluster.state';

/**
 * What a meeting needs to know about its cluster, loaded by the command handler from the cluster
 * stream and passed in the command, so the meeting decider stays pure and reads one stream only.
 */
export const meetingClusterFactsSchema = z.object({
  clusterId: z.string(),
  charterVersion: z.number().int().positive(),
  charter: charterSchema,
  coordinatorPersonId: z.string().nullable(),
  members: z.array(
    z.object({
      memberId: z.string(),
      kind: z.enum(['ordinary', 'honorary']),
      status: z.enum(['active', 'withdrawn']),
      votingWeight: z.number(),
      personId: z.string(),
    }),
  ),
});
export type MeetingClusterFacts = z.infer<typeof meetingClusterFactsSchema>;

export function meetingClusterFacts(state: ClusterState): MeetingClusterFacts {
  const charter = currentCharter(state);
  const coordinator = state.members[state.coordinatorMemberId];
  return {
    clusterId: state.clusterId,
    charterVersion: charter.version,
    charter: charter.charter,
    coordinatorPersonId: coordinator && isCoordinator(state, coordinator.representative.personId) ? coordinator.representative.personId : null,
    members: Object.values(state.members).map((m) => ({
      memberId: m.memberId,
      kind: m.kind,
      status: m.status,
      votingWeight: m.votingWeight,
      personId: m.representative.personId,
    })),
  };
}
