import { defaultCharter, type Charter, type DecisionRule } from '../src/cluster/charter';
import type { ElectionCommand, ElectionCommandOf, ElectionCommandType } from '../src/election/election.commands';
import type { ElectionEvent } from '../src/election/election.events';
import type { ElectionMeetingFacts } from '../src/election/meeting-facts';
import { T0, facts } from './meeting.fixtures';

export { T0 };

export interface Setting {
  charter?: Partial<Charter>;
  weights?: Record<string, number>;
  /** Members present at the meeting (default: all five ordinary members and h1). */
  present?: string[];
  meetingStatus?: ElectionMeetingFacts['status'];
  meetingKind?: ElectionMeetingFacts['kind'];
  /** null: the coordinator has withdrawn. */
  coordinatorPersonId?: string | null;
}

export const ALL = ['m1', 'm2', 'm3', 'm4', 'm5', 'h1'];

export function meetingFacts(s: Setting = {}): ElectionMeetingFacts {
  return { meetingId: 'ozc-1', clusterId: 'c1', kind: s.meetingKind ?? 'general', status: s.meetingStatus ?? 'open', presentMemberIds: s.present ?? ALL };
}

/** What a test states of a command: everything but the context the fixture supplies. */
type Fields<T extends ElectionCommandType> = Omit<ElectionCommandOf<T>, 'type' | 'electionId' | 'actor' | 'at' | 'cluster' | 'meeting'>;
type EcmdArgs<T extends ElectionCommandType> = [...({} extends Fields<T> ? [rest?: Fields<T>] : [rest: Fields<T>]), s?: Setting];

/** A command by `actor`, its fields type-checked, under five ordinary members m1..m5 (p1..p5; p1 coordinates) and an honorary h1 (ph). */
export function ecmd<T extends ElectionCommandType>(type: T, actor: string, ...args: EcmdArgs<T>): ElectionCommandOf<T>;
export function ecmd(type: ElectionCommandType, actor: string, rest: object = {}, s: Setting = {}): ElectionCommand {
  const cluster = facts(s.charter, s.weights);
  if (s.coordinatorPersonId !== undefined) cluster.coordinatorPersonId = s.coordinatorPersonId;
  return { type, electionId: 'e1', actor, at: T0, cluster, meeting: meetingFacts(s), ...rest } as ElectionCommand;
}

export const called = (rule: DecisionRule = defaultCharter.decisionRules.leader_election, weightedVoting = false): ElectionEvent => ({
  type: 'ElectionCalled',
  data: { electionId: 'e1', clusterId: 'c1', meetingId: 'ozc-1', reason: 'Koordynator wypowiedział porozumienie', charterVersion: 1, rule, weightedVoting, calledBy: 'p1', calledAt: T0 },
});

export const nominated = (memberId: string, by = 'p1'): ElectionEvent => ({ type: 'CandidateNominated', data: { memberId, nominatedBy: by, at: T0 } });
export const accepted = (memberId: string): ElectionEvent => ({ type: 'NominationAccepted', data: { memberId, acceptedBy: memberId.replace('m', 'p'), at: T0 } });
export const withdrawn = (memberId: string): ElectionEvent => ({ type: 'CandidacyWithdrawn', data: { memberId, withdrawnBy: memberId.replace('m', 'p'), at: T0 } });

/** Nominated and accepted, in this order. */
export const standing = (...members: string[]): ElectionEvent[] => members.flatMap((m) => [nominated(m), accepted(m)]);

export const roundOpened = (round: number, candidates: string[]): ElectionEvent => ({ type: 'RoundOpened', data: { round, kind: 'normal', candidates, openedAt: T0 } });

export const ballot = (round: number, memberId: string, candidateMemberId: string | null, weight = 1): ElectionEvent => ({
  type: 'ElectionBallotCast',
  data: { round, memberId, castBy: memberId.replace('m', 'p'), candidateMemberId, weight },
});

/** Ballots from "m1:m2 m3:- …" — voter:candidate, '-' to abstain. */
export const ballots = (round: number, spec: string, weights: Record<string, number> = {}): ElectionEvent[] =>
  spec
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const [voter, candidate] = pair.split(':');
      return ballot(round, voter, candidate === '-' ? null : candidate, weights[voter] ?? 1);
    });
