import { z } from 'zod';
import { memberKindSchema, representativeSchema, sectorSchema, type Body, type ClusterState } from '@klaster/domain';
import { pointInTimeSchema } from '../../http/contracts';

const seatSchema = z.object({
  memberId: z.string(),
  organisation: z.string(),
  sector: sectorSchema,
  kind: memberKindSchema,
  representative: representativeSchema.describe("Who sits there for the member: its representative on that day"),
  votes: z.boolean().describe('Whether the member votes in this body (active ordinary members do; honorary members attend without a vote)'),
  weight: z.number().describe("Its vote's weight (1 unless the charter weighs votes); 0 when it does not vote"),
});

const bodySchema = z.object({
  body: z.string().describe('The body as its resolution register names it: council, general_meeting, group:<groupId>, forum'),
  kind: z.enum(['council', 'general_meeting', 'working_group', 'forum']),
  name: z.string().nullable().describe("The charter's name for it (a working group's own name); null for the forum"),
  groupId: z.string().nullable(),
  status: z.enum(['active', 'inactive']).describe('A working group below the minimum size is inactive'),
  members: z.array(seatSchema),
  voting: z.number().int().describe('How many of its members vote there'),
}) satisfies z.ZodType<Body>;

/** GET /api/clusters/{id}/bodies: each body and its seats (see bodiesOf in libs/domain). */
export const bodiesViewSchema = z
  .object({ clusterId: z.string(), bodies: z.array(bodySchema), pointInTime: pointInTimeSchema.optional() })
  .meta({ id: 'Bodies' });
export type BodiesView = z.output<typeof bodiesViewSchema>;

export function bodiesView(cluster: ClusterState, bodies: Body[]): BodiesView {
  return { clusterId: cluster.clusterId, bodies };
}
