import { z } from 'zod';
import { TITLE_MAX, idSchema, isoDateSchema, lineOfTextSchema, personIdSchema, type CommandContext } from '../shared/primitives';
import type { ResolutionFacts } from '../meeting/resolution-facts';
import type { GroupClusterFacts } from './cluster-facts';
import { groupRequesterSchema } from './group.events';

/** Request bodies, one per command; the HTTP layer validates them and OpenAPI is generated from them. */
export const groupCommandBodies = {
  RequestGroup: z.object({
    groupId: idSchema,
    name: lineOfTextSchema(TITLE_MAX),
    purpose: z.string().min(1).max(5_000).describe('The concrete task the group is created for'),
    deadline: isoDateSchema.describe('The agreed deadline of that task'),
    requestedBy: groupRequesterSchema,
    initialMemberIds: z.array(idSchema).max(500).default([]).describe('Members who join at once (for a members request: some of the requesters)'),
  }),
  JoinGroup: z.object({ memberId: idSchema }),
  LeaveGroup: z.object({}),
  SetMembershipConditions: z.object({ conditions: z.string().max(10_000).describe('The group sets its own conditions of membership') }),
  AppointGroupLeader: z.object({ personId: personIdSchema.describe("A group member's representative") }),
  AddTask: z.object({ taskId: idSchema, title: lineOfTextSchema(500), responsibleMemberId: idSchema, deadline: isoDateSchema }),
  CompleteTask: z.object({}),
  ReassignTask: z.object({ responsibleMemberId: idSchema, deadline: isoDateSchema.optional().describe('Unchanged when omitted') }),
  DissolveGroup: z.object({ reason: z.string().min(1).max(2_000) }),
} as const;

type Bodies = typeof groupCommandBodies;
export type GroupCommandType = keyof Bodies;

/**
 * A command = its body + the group it targets + who acts and when (+ the ids in the path) + the facts
 * about the cluster the handler loaded for it (and, for a request by council resolution, the closed
 * vote it cites, read from its meeting: undefined when there is no such closed vote in the cluster).
 */
export type GroupCommand = {
  [K in GroupCommandType]: { type: K; groupId: string; cluster: GroupClusterFacts; resolution?: ResolutionFacts } & CommandContext & Fields<z.output<Bodies[K]>> & PathParams<K>;
}[GroupCommandType];

/** An empty body's output is Record<string, never>, which would forbid every other property. */
type Fields<T> = string extends keyof T ? unknown : T;
export type GroupCommandOf<K extends GroupCommandType> = Extract<GroupCommand, { type: K }>;

type PathParams<K> = K extends 'RequestGroup'
  ? { clusterId: string }
  : K extends 'LeaveGroup'
    ? { memberId: string }
    : K extends 'CompleteTask' | 'ReassignTask'
      ? { taskId: string }
      : unknown;
