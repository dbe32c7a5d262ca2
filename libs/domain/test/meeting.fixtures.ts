import { defaultCharter, type Charter } from '../src/cluster/charter';
import type { MeetingClusterFacts } from '../src/meeting/cluster-facts';
import type { MeetingCommand, MeetingCommandOf, MeetingCommandType } from '../src/meeting/meeting.commands';
import type { MeetingEvent } from '../src/meeting/meeting.events';

export const T0 = '2024-03-14T10:00:00.000Z';

/** Five ordinary members m1..m5 (p1..p5; p1 coordinates) and an honorary h1. */
export function facts(charter: Partial<Charter> = {}, weights: Record<string, number> = {}): MeetingClusterFacts {
  return {
    clusterId: 'c1',
    charterVersion: 1,
    charter: { ...defaultCharter, ...charter },
    coordinatorPersonId: 'p1',
    members: [
      ...[1, 2, 3, 4, 5].map((n) => ({ memberId: `m${n}`, kind: 'ordinary' as const, status: 'active' as const, votingWeight: weights[`m${n}`] ?? 1, personId: `p${n}` })),
      { memberId: 'h1', kind: 'honorary', status: 'active', votingWeight: 1, personId: 'ph' },
    ],
  };
}

export const convened = (kind: 'council' | 'general' = 'general'): MeetingEvent[] => [
  {
    type: 'MeetingConvened',
    data: {
      meetingId: 'mt1',
      clusterId: 'c1',
      kind,
      title: 'Ogólne Zebranie Członków',
      scheduledFor: T0,
      venue: { mode: 'in_person', place: 'Olsztyn' },
      agenda: [{ itemId: 'a1', title: 'Sprawy różne' }],
      convenedBy: 'p1',
    },
  },
  { type: 'MeetingOpened', data: { openedAt: T0 } },
];

export const present = (...members: string[]): MeetingEvent[] =>
  members.map((m) => ({ type: 'AttendanceRecorded', data: { memberId: m, personId: m === 'h1' ? 'ph' : m.replace('m', 'p'), presence: 'in_person', at: T0 } }));

export const voteOpened = (rule: Charter['decisionRules']['ordinary_resolution'] = defaultCharter.decisionRules.ordinary_resolution, secrecy: 'named' | 'secret' = 'named', subject: Extract<MeetingEvent, { type: 'VoteOpened' }>['data']['subject'] = { kind: 'general' }): MeetingEvent => ({
  type: 'VoteOpened',
  data: { voteId: 'v1', agendaItemId: 'a1', motion: 'Przyjmuje się plan', secrecy, decisionKind: 'ordinary_resolution', subject, rule, charterVersion: 1, openedAt: T0 },
});

export const ballot = (member: string, choice: 'yes' | 'no' | 'abstain', weight = 1, viaProxyOf: string | null = null): MeetingEvent => ({
  type: 'BallotCast',
  data: { voteId: 'v1', memberId: member, castBy: viaProxyOf ? viaProxyOf.replace('m', 'p') : member.replace('m', 'p'), viaProxyOf, weight, choice },
});

export const resolution = { number: '3/2024', body: 'general_meeting', sequence: 3, year: 2024 };

/** What a test states of a command: everything but the context the fixture supplies. */
type Fields<T extends MeetingCommandType> = Omit<MeetingCommandOf<T>, 'type' | 'meetingId' | 'actor' | 'at' | 'cluster'>;
type CmdArgs<T extends MeetingCommandType> = [
  // Optional only for commands with no required field of their own.
  ...({} extends Fields<T> ? [rest?: Fields<T>] : [rest: Fields<T>]),
  charter?: Partial<Charter>,
  weights?: Record<string, number>,
];

/** A command on meeting mt1 by `actor`, its fields type-checked, with the fixture cluster's facts. */
export function cmd<T extends MeetingCommandType>(type: T, actor: string, ...args: CmdArgs<T>): MeetingCommandOf<T>;
export function cmd(type: MeetingCommandType, actor: string, rest: object = {}, charter: Partial<Charter> = {}, weights: Record<string, number> = {}): MeetingCommand {
  return { type, meetingId: 'mt1', actor, at: T0, cluster: facts(charter, weights), ...rest } as MeetingCommand;
}
