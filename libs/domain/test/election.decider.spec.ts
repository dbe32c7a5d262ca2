import { defaultCharter } from '../src/cluster/charter';
import { electionDecider } from '../src/election/election.decider';
import { electionMeetingFacts } from '../src/election/meeting-facts';
import { fold } from '../src/shared/decider';
import { meetingDecider } from '../src/meeting/meeting.decider';
import type { ElectionEvent, ElectionEventOf } from '../src/election/election.events';
import { roundsInOrder } from '../src/election/election.state';
import type { MeetingEvent } from '../src/meeting/meeting.events';
import { specFor } from './given-when-then';
import { convened, present } from './meeting.fixtures';
import { T0, accepted, ballot, ballots, called, ecmd, nominated, roundOpened, standing, withdrawn, type Setting } from './election.fixtures';

const given = specFor(electionDecider);
const close = (s: Setting = {}) => ecmd('CloseRound', 'p1', {}, s);
const vote = (member: string, candidate: string | null, s: Setting = {}) =>
  ecmd('CastElectionBallot', member.replace('m', 'p'), { memberId: member, candidateMemberId: candidate }, s);
const closed = (events: ElectionEvent[]) => (events.find((e) => e.type === 'RoundClosed') as ElectionEventOf<'RoundClosed'>).data;

/** m2, m3, m4 stand; round 1 is open. */
const round1 = [called(), ...standing('m2', 'm3', 'm4'), roundOpened(1, ['m2', 'm3', 'm4'])];

describe('election decider', () => {
  describe('calling an election', () => {
    const call = (actor: string, s: Setting = {}) => ecmd('CallElection', actor, { clusterId: 'c1', meetingId: 'ozc-1', reason: 'Koordynator wypowiedział porozumienie' }, s);

    it('is called by the coordinator at a general meeting, under the charter’s leader-election rule', () => {
      given([]).when(call('p1')).then([called()]);
      given([called()]).when(call('p1')).rejects('conflict', /Election 'e1' already exists/);
    });

    it('is called by any voting member once the coordinator has withdrawn, by no one else', () => {
      given([]).when(call('p2')).rejects('forbidden', /coordinator/);
      given([]).when(call('p2', { coordinatorPersonId: null })).thenContains([{ type: 'ElectionCalled' }]);
      given([]).when(call('ph', { coordinatorPersonId: null })).rejects('forbidden', /office is vacant: under the charter any voting member's representative calls the election/);
    });

    it('needs a general or extraordinary general meeting that is not over', () => {
      given([]).when(call('p1', { meetingKind: 'council' })).rejects('rule_broken', /general meeting/);
      given([]).when(call('p1', { meetingKind: 'extraordinary_general' })).thenContains([{ type: 'ElectionCalled' }]);
      given([]).when(call('p1', { meetingStatus: 'convened' })).thenContains([{ type: 'ElectionCalled' }]);
      given([]).when(call('p1', { meetingStatus: 'closed' })).rejects('rule_broken', /closed/);
      given([]).when(call('p1', { meetingStatus: 'cancelled' })).rejects('rule_broken', /cancelled/);
    });
  });

  describe('nominations', () => {
    it('takes an active ordinary member, nominated by a voting member’s representative', () => {
      given([called()]).when(ecmd('NominateCandidate', 'p2', { memberId: 'm3' })).then([nominated('m3', 'p2')]);
      given([called()]).when(ecmd('NominateCandidate', 'p3', { memberId: 'm3' })).then([nominated('m3', 'p3')]);
    });

    it('refuses a non-member, an honorary candidate, an honorary nominator and a second nomination', () => {
      given([called()]).when(ecmd('NominateCandidate', 'p2', { memberId: 'm9' })).rejects('not_found', /Member 'm9' is not a member of this cluster/);
      given([called()]).when(ecmd('NominateCandidate', 'p2', { memberId: 'h1' })).rejects('rule_broken', /honorary/i);
      given([called()]).when(ecmd('NominateCandidate', 'ph', { memberId: 'm3' })).rejects('forbidden', /Candidates are nominated by a voting member's representative/);
      given([called()]).when(ecmd('NominateCandidate', 'outsider', { memberId: 'm3' })).rejects('forbidden', /Candidates are nominated by a voting member's representative/);
      given([called(), nominated('m3')]).when(ecmd('NominateCandidate', 'p2', { memberId: 'm3' })).rejects('conflict', /m3 has already been nominated/);
    });

    it('closes when the first round opens', () => {
      given(round1).when(ecmd('NominateCandidate', 'p2', { memberId: 'm5' })).rejects('rule_broken', /closed/);
    });
  });

  describe('acceptance and withdrawal', () => {
    it('is the candidate’s own representative’s to give', () => {
      given([called(), nominated('m3')]).when(ecmd('AcceptNomination', 'p3', { memberId: 'm3' })).then([accepted('m3')]);
      given([called(), nominated('m3')]).when(ecmd('AcceptNomination', 'p1', { memberId: 'm3' })).rejects('forbidden', /Only the representative of m3 may accept its nomination/);
      given([called()]).when(ecmd('AcceptNomination', 'p3', { memberId: 'm3' })).rejects('not_found', /m3 has not been nominated/);
      given([called(), ...standing('m3')]).when(ecmd('AcceptNomination', 'p3', { memberId: 'm3' })).rejects('conflict', /m3 has already accepted/);
    });

    it('lets a candidate withdraw, before or after accepting; a withdrawn candidate cannot accept', () => {
      given([called(), nominated('m3')]).when(ecmd('WithdrawCandidacy', 'p3', { memberId: 'm3' })).then([withdrawn('m3')]);
      given([called(), ...standing('m3')]).when(ecmd('WithdrawCandidacy', 'p3', { memberId: 'm3' })).then([withdrawn('m3')]);
      given([called(), ...standing('m3')]).when(ecmd('WithdrawCandidacy', 'p2', { memberId: 'm3' })).rejects('forbidden', /Only the representative of m3 may withdraw its candidacy/);
      given([called(), nominated('m3'), withdrawn('m3')]).when(ecmd('AcceptNomination', 'p3', { memberId: 'm3' })).rejects('rule_broken', /withdrawn/);
    });

    it('puts on the first ballot only the candidates who accepted and did not withdraw, in nomination order', () => {
      given([called(), ...standing('m4'), nominated('m2'), ...standing('m3', 'm5'), withdrawn('m5')])
        .when(ecmd('OpenRound', 'p1'))
        .then([roundOpened(1, ['m4', 'm3'])]);
      given([called(), nominated('m2')]).when(ecmd('OpenRound', 'p1')).rejects('rule_broken', /at least one candidate/);
    });
  });

  describe('opening a round', () => {
    it('is for the coordinator (or whoever called the election), while the meeting is open', () => {
      given([called(), ...standing('m2')]).when(ecmd('OpenRound', 'p2')).rejects('forbidden', /Only the coordinator or whoever called the election may open a round/);
      given([called(), ...standing('m2')]).when(ecmd('OpenRound', 'p1', {}, { meetingStatus: 'convened' })).rejects('rule_broken', /convened/);
      given(round1).when(ecmd('OpenRound', 'p1')).rejects('conflict', /still open/);
    });
  });

  describe('ballots', () => {
    it('takes one ballot per entitled, present member for a candidate of the round, or an abstention', () => {
      given(round1).when(vote('m1', 'm2')).then([ballot(1, 'm1', 'm2')]);
      given(round1).when(vote('m5', null)).then([ballot(1, 'm5', null)]);
      given([...round1, ballot(1, 'm1', 'm2')]).when(vote('m1', 'm3')).rejects('conflict', /already voted/);
    });

    it('refuses an absent member and an honorary member', () => {
      given(round1).when(vote('m5', 'm2', { present: ['m1', 'm2', 'm3', 'm4'] })).rejects('rule_broken', /not recorded as present/);
      given(round1).when(ecmd('CastElectionBallot', 'ph', { memberId: 'h1', candidateMemberId: 'm2' })).rejects('rule_broken', /Honorary/);
    });

    it('refuses someone voting for another member, a non-candidate, and ballots with no round open', () => {
      given(round1).when(ecmd('CastElectionBallot', 'p2', { memberId: 'm3', candidateMemberId: 'm2' })).rejects('forbidden', /Only the representative of m3 may vote for it/);
      given(round1).when(vote('m1', 'm5')).rejects('rule_broken', /not a candidate/);
      given([called(), ...standing('m2')]).when(vote('m1', 'm2')).rejects('rule_broken', /No round is open/);
    });
  });

  describe('counting', () => {
    it('elects in round 1 the candidate with an absolute majority of the votes cast', () => {
      const events = given([...round1, ...ballots(1, 'm1:m2 m2:m2 m3:m2 m4:m3 m5:m4')]).when(close()).events();
      expect(events.map((e) => e.type)).toEqual(['RoundClosed', 'LeaderElected']);
      expect(closed(events)).toMatchObject({
        round: 1,
        kind: 'normal',
        counts: [
          { memberId: 'm2', votes: 3 },
          { memberId: 'm3', votes: 1 },
          { memberId: 'm4', votes: 1 },
        ],
        abstain: 0,
        cast: 5,
        quorum: { entitled: 5, present: 5, reached: true },
        outcome: 'elected',
      });
      expect(events[1]).toEqual({ type: 'LeaderElected', data: { memberId: 'm2', round: 1, votes: 3, electedAt: T0 } });
    });

    it('counts abstentions among the votes cast: 2 of 5 with an abstention is no absolute majority', () => {
      const events = given([...round1, ...ballots(1, 'm1:m2 m2:m2 m3:m3 m4:m4 m5:-')]).when(close()).events();
      expect(closed(events)).toMatchObject({ abstain: 1, cast: 5, outcome: 'runoff' });
    });

    it('without a majority opens a runoff between the top two (a tie for second goes to the earlier nominee), which elects', () => {
      // m2 2 votes; m3 and m4 tie for second with 1 — m3 was nominated before m4.
      const first = given([...round1, ...ballots(1, 'm1:m2 m2:m2 m3:m4 m4:m3 m5:-')]).when(close()).events();
      expect(first.map((e) => e.type)).toEqual(['RoundClosed', 'RunoffOpened']);
      expect(closed(first).outcome).toBe('runoff');
      expect(first[1]).toEqual({ type: 'RunoffOpened', data: { round: 2, candidates: ['m2', 'm3'], openedAt: T0 } });

      const runoff = [...round1, ...ballots(1, 'm1:m2 m2:m2 m3:m4 m4:m3 m5:-'), ...first];
      given(runoff).when(vote('m4', 'm4')).rejects('rule_broken', /not a candidate in round 2/);
      const second = given([...runoff, ...ballots(2, 'm1:m2 m2:m2 m3:m3 m4:m3 m5:m3')]).when(close()).events();
      expect(second.map((e) => e.type)).toEqual(['RoundClosed', 'LeaderElected']);
      expect(closed(second)).toMatchObject({ round: 2, kind: 'runoff', counts: [{ memberId: 'm2', votes: 2 }, { memberId: 'm3', votes: 3 }], outcome: 'elected' });
      expect(second[1]).toMatchObject({ type: 'LeaderElected', data: { memberId: 'm3', round: 2 } });

      const state = fold(electionDecider, [...runoff, ...ballots(2, 'm1:m2 m2:m2 m3:m3 m4:m3 m5:m3'), ...second]);
      expect(state).toMatchObject({ status: 'elected', elected: { memberId: 'm3', round: 2, votes: 3 } });
      expect(roundsInOrder(state).map((r) => [r.round, r.kind, r.status, r.result?.outcome])).toEqual([
        [1, 'normal', 'closed', 'runoff'],
        [2, 'runoff', 'closed', 'elected'],
      ]);
    });

    it('ends inconclusive when the runoff is tied', () => {
      const runoff = [...round1, ...ballots(1, 'm1:m2 m2:m2 m3:m3 m4:m4 m5:-'), { type: 'RoundClosed', data: closedData(1) } as ElectionEvent, { type: 'RunoffOpened', data: { round: 2, candidates: ['m2', 'm3'], openedAt: T0 } } as ElectionEvent];
      const events = given([...runoff, ...ballots(2, 'm1:m2 m2:m2 m3:m3 m4:m3 m5:-')]).when(close()).events();
      expect(events.map((e) => e.type)).toEqual(['RoundClosed', 'ElectionInconclusive']);
      expect(closed(events).outcome).toBe('inconclusive');
      expect(events[1]).toMatchObject({ data: { round: 2, reason: expect.stringMatching(/tied \(2:2\)/) } });
      const over = [...runoff, ...ballots(2, 'm1:m2 m2:m2 m3:m3 m4:m3 m5:-'), ...events];
      given(over).when(ecmd('OpenRound', 'p1')).rejects('conflict', /inconclusive/);
      given(over).when(vote('m5', 'm2')).rejects('rule_broken', /No round is open/);
    });

    it('ends inconclusive when the only candidate misses the majority', () => {
      const alone = [called(), ...standing('m2'), roundOpened(1, ['m2'])];
      const events = given([...alone, ...ballots(1, 'm1:m2 m2:m2 m3:- m4:- m5:-')]).when(close()).events();
      expect(events.map((e) => e.type)).toEqual(['RoundClosed', 'ElectionInconclusive']);
      given([...alone, ...ballots(1, 'm1:m2 m2:m2 m3:m2 m4:- m5:-')]).when(close()).thenContains([{ type: 'RoundClosed' }, { type: 'LeaderElected' }]);
    });

    it('weighs the ballots when the charter has weighted voting', () => {
      const weighted = { charter: { weightedVoting: true }, weights: { m1: 5 } };
      const start = [called(defaultCharter.decisionRules.leader_election, true), ...standing('m2', 'm3'), roundOpened(1, ['m2', 'm3'])];
      given(start).when(vote('m1', 'm3', weighted)).then([ballot(1, 'm1', 'm3', 5)]);
      // 4 members (weight 4) for m2 against m1 alone (weight 5) for m3: 5 of 9 is an absolute majority.
      const events = given([...start, ...ballots(1, 'm1:m3 m2:m2 m3:m2 m4:m2 m5:m2', { m1: 5 })]).when(close(weighted)).events();
      expect(closed(events)).toMatchObject({ counts: [{ memberId: 'm2', votes: 4 }, { memberId: 'm3', votes: 5 }], cast: 9, outcome: 'elected' });
      expect(closed(events).entitledVoters).toContainEqual({ memberId: 'm1', weight: 5 });
      expect(events[1]).toMatchObject({ type: 'LeaderElected', data: { memberId: 'm3', votes: 5 } });
      // The same ballots one member one vote: m2 has 4 of 5.
      const unweighted = given([...round1.slice(0, 1), ...standing('m2', 'm3'), roundOpened(1, ['m2', 'm3']), ...ballots(1, 'm1:m3 m2:m2 m3:m2 m4:m2 m5:m2')]).when(close()).events();
      expect(unweighted[1]).toMatchObject({ type: 'LeaderElected', data: { memberId: 'm2', votes: 4 } });
    });

    it('without quorum closes the round as no_quorum; it is held again as a new round with the same candidates', () => {
      const few = { present: ['m1', 'm2'] };
      const events = given([...round1, ...ballots(1, 'm1:m2 m2:m2')]).when(close(few)).events();
      expect(events.map((e) => e.type)).toEqual(['RoundClosed']);
      expect(closed(events)).toMatchObject({ outcome: 'no_quorum', quorum: { entitled: 5, present: 2, reached: false }, counts: [{ memberId: 'm2', votes: 2 }, { memberId: 'm3', votes: 0 }, { memberId: 'm4', votes: 0 }] });
      const adjourned = [...round1, ...ballots(1, 'm1:m2 m2:m2'), ...events];
      expect(fold(electionDecider, adjourned).status).toBe('adjourned');
      given(adjourned).when(vote('m1', 'm2')).rejects('rule_broken', /No round is open/);
      given(adjourned)
        .when(ecmd('OpenRound', 'p1'))
        .then([{ type: 'RoundOpened', data: { round: 2, kind: 'normal', candidates: ['m2', 'm3', 'm4'], repeatOf: 1, openedAt: T0 } }]);
    });

    it('is for the coordinator (or whoever called the election), once, with a round open', () => {
      given(round1).when(ecmd('CloseRound', 'p2')).rejects('forbidden', /Only the coordinator or whoever called the election may close a round/);
      given([called(), ...standing('m2')]).when(close()).rejects('conflict', /No round is open/);
      const byMember = [{ ...called(), data: { ...called().data, calledBy: 'p2' } } as ElectionEvent, ...round1.slice(1)];
      // No one voted: closing is allowed, and a round without a single vote for anyone decides nothing.
      const events = given(byMember).when(ecmd('CloseRound', 'p2', {}, { coordinatorPersonId: null })).events();
      expect(events.map((e) => e.type)).toEqual(['RoundClosed', 'ElectionInconclusive']);
      expect(events[1]).toMatchObject({ data: { reason: 'No votes were cast for any candidate' } });
    });

    it('no longer counts a ballot of a member who left the cluster before the round closed', () => {
      const events = given([...round1, ...ballots(1, 'm1:m2 m2:m2 m3:m3 m4:m3 m5:m3')])
        .when({ ...close(), cluster: { ...close().cluster, members: close().cluster.members.map((m) => (m.memberId === 'm5' ? { ...m, status: 'withdrawn' as const } : m)) } })
        .events();
      expect(closed(events)).toMatchObject({ counts: [{ memberId: 'm2', votes: 2 }, { memberId: 'm3', votes: 2 }, { memberId: 'm4', votes: 0 }], cast: 4, outcome: 'runoff' });
    });
  });

  describe('meeting facts', () => {
    it('counts as present the members whose latest attendance is not "left"', () => {
      const left: MeetingEvent = { type: 'AttendanceRecorded', data: { memberId: 'm2', personId: 'p2', presence: 'left', at: T0 } };
      const meeting = fold(meetingDecider, [...convened(), ...present('m1', 'm2', 'm3'), left]);
      expect(electionMeetingFacts(meeting)).toEqual({ meetingId: 'mt1', clusterId: 'c1', kind: 'general', status: 'open', presentMemberIds: ['m1', 'm3'] });
    });
  });
});

function closedData(round: number): ElectionEventOf<'RoundClosed'>['data'] {
  return {
    round,
    kind: 'normal',
    counts: [],
    abstain: 0,
    cast: 0,
    ballots: 0,
    quorum: { entitled: 5, present: 5, reached: true },
    outcome: 'runoff',
    entitledVoters: [],
    closedAt: T0,
  };
}
