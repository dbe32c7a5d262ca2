import { z } from 'zod';
import { idSchema, isoDateSchema, isoInstantSchema, personIdSchema } from '../shared/primitives';

/** Who asked for the group: a set of cluster members, or the council by a resolution (recorded as given). */
export const groupRequesterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('members'), memberIds: z.array(idSchema).min(1).max(500) }),
  z.object({
    kind: z.literal('council_resolution'),
    resolution: z.object({
      meetingId: idSchema,
      voteId: idSchema,
      number: z.string().min(1).max(50).describe('The resolution number as minuted, e.g. "3/2024"'),
    }),
  }),
]);
export type GroupRequester = z.infer<typeof groupRequesterSchema>;

/** The crossing of the charter's minimum size, with the numbers that decided it. */
const thresholdCrossing = z.object({ memberCount: z.number().int().min(0), minimumGroupSize: z.number().int().min(1), at: isoInstantSchema });

/** Event data schemas, keyed by event type. Validated when written and when read. */
export const groupEventSchemas = {
  GroupRequested: z.object({
    groupId: idSchema,
    clusterId: idSchema,
    name: z.string().min(1),
    purpose: z.string().min(1),
    deadline: isoDateSchema,
    requestedBy: groupRequesterSchema,
    requestedAt: isoInstantSchema,
  }),
  MemberJoinedGroup: z.object({ memberId: idSchema, joinedAt: isoInstantSchema }),
  /** withdrew_from_cluster: recorded for a member that left the cluster, so the group's count stays true. */
  MemberLeftGroup: z.object({ memberId: idSchema, leftAt: isoInstantSchema, reason: z.enum(['left', 'withdrew_from_cluster']) }),
  GroupBecameActive: thresholdCrossing,
  GroupBecameInactive: thresholdCrossing,
  MembershipConditionsSet: z.object({ conditions: z.string(), setAt: isoInstantSchema }),
  GroupLeaderAppointed: z.object({ personId: personIdSchema, memberId: idSchema, appointedAt: isoInstantSchema }),
  TaskAdded: z.object({ taskId: idSchema, title: z.string().min(1), responsibleMemberId: idSchema, deadline: isoDateSchema, addedAt: isoInstantSchema }),
  TaskReassigned: z.object({
    taskId: idSchema,
    previousResponsibleMemberId: idSchema,
    responsibleMemberId: idSchema,
    deadline: isoDateSchema,
    reassignedAt: isoInstantSchema,
  }),
  TaskCompleted: z.object({ taskId: idSchema, completedAt: isoInstantSchema }),
  GroupDissolved: z.object({ reason: z.string().min(1), dissolvedAt: isoInstantSchema }),
} as const;

type Schemas = typeof groupEventSchemas;
export type GroupEventType = keyof Schemas;
export type GroupEvent = { [K in GroupEventType]: { type: K; data: z.infer<Schemas[K]> } }[GroupEventType];
export type GroupEventOf<K extends GroupEventType> = Extract<GroupEvent, { type: K }>;

export function isGroupEventType(type: string): type is GroupEventType {
  return Object.prototype.hasOwnProperty.call(groupEventSchemas, type);
}

/** Validates an event read from (or about to be written to) a group stream. */
export function parseGroupEvent(type: string, data: unknown): GroupEvent {
  if (!isGroupEventType(type)) throw new Error(`Unknown group event type '${type}'`);
  return { type, data: groupEventSchemas[type].parse(data) } as GroupEvent;
}
