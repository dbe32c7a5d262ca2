import { z } from 'zod';
import {
  clusterCommandBodies,
  clusterStreamId,
  electionCommandBodies,
  electionStreamId,
  groupCommandBodies,
  groupStreamId,
  idSchema,
  meetingCommandBodies,
  meetingStreamId,
  occurrenceFields,
  qualifiedId,
} from '@klaster/domain';
import { apiPaths } from '../openapi/openapi.document';
import { ExecuteClusterCommand } from '../clusters/commands/execute-cluster-command';
import { ExecuteMeetingCommand } from '../meetings/commands/execute-meeting-command';
import { ExecuteGroupCommand } from '../groups/commands/execute-group-command';
import { ExecuteElectionCommand } from '../elections/commands/execute-election-command';
import type { ExecuteOptions } from '../command-handling/execute-on-stream';

export type Aggregate = 'cluster' | 'meeting' | 'group' | 'election';

/** A command an import line may name: the API's own endpoint for it, its path parameters and its body. */
export interface ImportableCommand {
  type: string;
  aggregate: Aggregate;
  /** The endpoint, e.g. `/api/clusters/{clusterId}/members/{memberId}/signatures` (always POST). */
  path: string;
  summary: string;
  params: z.ZodObject;
  /** The endpoint's body, with `occurredAt` and `reference` required: an import enters acts of the past. */
  body: z.ZodObject;
}

const bodiesByAggregate: Record<Aggregate, Record<string, z.ZodType>> = {
  cluster: clusterCommandBodies,
  meeting: meetingCommandBodies,
  group: groupCommandBodies,
  election: electionCommandBodies,
};

/** Path parameters as the controllers read them: ids, and a year. */
const paramSchema = (name: string): z.ZodType => (name === 'year' ? z.coerce.number().int().min(1990).max(2200) : idSchema);

/** Every field of a past act: when it occurred and the document it is entered from are required here. */
const pastAct = {
  ...occurrenceFields,
  occurredAt: occurrenceFields.occurredAt.unwrap(),
  reference: occurrenceFields.reference.unwrap().describe('The document the act is entered from, e.g. "protokół nr 3/2016"'),
};

/**
 * The importable commands, read from the same table the OpenAPI document is made of (every POST whose
 * operation is a command of an aggregate), so an import line names a command exactly as the API does.
 */
export const importableCommands: ReadonlyMap<string, ImportableCommand> = (() => {
  const commands = new Map<string, ImportableCommand>();
  for (const [path, item] of Object.entries(apiPaths)) {
    const post = (item as { post?: { operationId?: string; summary?: string } } | undefined)?.post;
    const type = post?.operationId;
    if (!type) continue;
    const aggregate = (Object.keys(bodiesByAggregate) as Aggregate[]).find((a) => Object.prototype.hasOwnProperty.call(bodiesByAggregate[a], type));
    if (!aggregate) continue;
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const body = bodiesByAggregate[aggregate][type];
    if (!(body instanceof z.ZodObject)) continue;
    commands.set(type, {
      type,
      aggregate,
      path,
      summary: post?.summary ?? type,
      params: z.object(Object.fromEntries(names.map((n) => [n, paramSchema(n)]))).strict(),
      body: body.extend(pastAct),
    });
  }
  return commands;
})();

/** One act of a file, resolved: its command's request (path parameters and body fields) and when it occurred. */
export interface ResolvedAct {
  command: ImportableCommand;
  params: Record<string, string | number>;
  body: Record<string, unknown> & { occurredAt: string; reference: string; actedBy?: string };
}

/**
 * The stream an act is written to, known before it is run (so a re-run can tell which lines are in the
 * log already). Meetings, groups and elections created in a cluster are named inside it.
 */
export function targetStream({ command, params, body }: ResolvedAct): string {
  const inCluster = (field: string) => qualifiedId(String(params.clusterId), String(body[field]));
  switch (command.aggregate) {
    case 'cluster':
      return clusterStreamId(String(params.clusterId ?? body.clusterId));
    case 'meeting':
      return meetingStreamId(params.meetingId !== undefined ? String(params.meetingId) : inCluster('meetingId'));
    case 'group':
      return groupStreamId(params.groupId !== undefined ? String(params.groupId) : inCluster('groupId'));
    case 'election':
      return electionStreamId(params.electionId !== undefined ? String(params.electionId) : inCluster('electionId'));
  }
}

/** The command the controller would hand the CommandBus for this act (the same envelope, the same options). */
export function busCommand(act: ResolvedAct, command: { actor: string; at: string } & Record<string, unknown>, options: ExecuteOptions) {
  const request = { type: act.command.type, ...command } as never;
  switch (act.command.aggregate) {
    case 'cluster':
      return new ExecuteClusterCommand(request, options);
    case 'meeting':
      return new ExecuteMeetingCommand(request, options);
    case 'group':
      return new ExecuteGroupCommand(request, options);
    case 'election':
      return new ExecuteElectionCommand(request, options);
  }
}
