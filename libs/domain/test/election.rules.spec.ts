import { candidatesInOrder, electionResultFacts, lastRound } from '../src/election/election.state';
import { electionDecider, electionStreamId } from '../src/election/election.decider';
import { fold } from '../src/shared/decider';
import type { ElectionEvent } from '../src/election/election.events';
import { specFor } from './given-when-then';
import { facts } from './meeting.fixtures';
import { T0, accepted, ballots, called, ecmd, nominated, roundOpened, standing, withdrawn } from './election.fixtures';

/** The election's rules one by one, with every refusal's reason. m1..m5 (p1..p5; p1 coordinates), honorary h1. */
const given = specFor(electionDecider);
const round1 = [called(), ...standing('m2', 'm3', 'm4'), roundOpened(1, ['m2', 'm3', 'm4'])];
const withdrawnFromCluster = (memberId: string) => ({ ...facts(), members: facts().members.map((m) => (m.memberId === memberId ? { ...m, status: 'withdrawn' as const } : m)) });

describe('election rules', () => {
  it('names its stream election-<id>', () => {
    expect(electionStreamId('wybory-2024')).toBe('election-wybory-2024');
  });

  it('answers not found for an election never called, and refuses acts at another meeting than its own', () => {
    given([]).when(ecmd('OpenRound', 'p1')).rejects('not_found', /^Election 'e1' does not exist$/);
    given([called()])
      .when({ ...ecmd('OpenRound', 'p1'), meeting: { meetingId: 'rada-1', clusterId: 'c1', kind: 'general', status: 'open', presentMemberIds: [] } })
      .rejects('rule_broken', /^Election 'e1' is held at meeting 'ozc-1'$/);
  });

  it('is called only at a meeting of its own cluster, named in the command', () => {
    const call = { clusterId: 'c1', meetingId: 'ozc-1', reason: 'x' };
    given([]).when({ ...ecmd('CallElection', 'p1', call), meeting: { meetingId: 'ozc-1', clusterId: 'c2', kind: 'general', status: 'open', presentMemberIds: [] } }).rejects('not_found', /^Meeting 'ozc-1' is not a meeting of this cluster$/);
    given([]).when(ecmd('CallElection', 'p1', { ...call, meetingId: 'ozc-2' })).rejects('not_found', /^Meeting 'ozc-2' is not a meeting of this cluster$/);
  });

  describe('candidates', () => {
    it('refuses a candidate whose organisation withdrew', () => {
      given([called()]).when({ ...ecmd('NominateCandidate', 'p2', { memberId: 'm3' }), cluster: withdrawnFromCluster('m3') }).rejects('rule_broken', /^m3 has withdrawn from the cluster and cannot stand$/);
    });

    it('takes nominations only from the representative of a voting member still active', () => {
      given([called()]).when(ecmd('NominateCandidate', 'p3', { memberId: 'm2' })).thenContains([{ type: 'CandidateNominated', data: expect.objectContaining({ memberId: 'm2', nominatedBy: 'p3' }) }]);
      given([called()]).when({ ...ecmd('NominateCandidate', 'p3', { memberId: 'm2' }), cluster: withdrawnFromCluster('m3') }).rejects('forbidden', /^Candidates are nominated by a voting member's representative$/);
    });

    it('names the act a stranger may not do for a candidate', () => {
      given([called(), nominated('m3')]).when(ecmd('AcceptNomination', 'p2', { memberId: 'm3' })).rejects('forbidden', /^Only the representative of m3 may accept its nomination$/);
      given([called(), nominated('m3')]).when(ecmd('WithdrawCandidacy', 'p2', { memberId: 'm3' })).rejects('forbidden', /^Only the representative of m3 may withdraw its candidacy$/);
      given([called()]).when(ecmd('AcceptNomination', 'p3', { memberId: 'm3' })).rejects('not_found', /^m3 has not been nominated$/);
    });

    it('numbers candidates in nomination order', () => {
      const state = fold(electionDecider, [called(), nominated('m4'), nominated('m2'), nominated('m3')]);
      expect(candidatesInOrder(state).map((c) => [c.memberId, c.order])).toEqual([
        ['m4', 1],
        ['m2', 2],
        ['m3', 3],
      ]);
    });

    it('puts on the first ballot only accepted candidates still active and ordinary, in nomination order', () => {
      const events = given([called(), ...standing('m4', 'm2', 'm3'), nominated('m5'), ...standing('h1')])
        .when({ ...ecmd('OpenRound', 'p1'), cluster: withdrawnFromCluster('m2') })
        .events();
      expect(events).toEqual([{ type: 'RoundOpened', data: { round: 1, kind: 'normal', candidates: ['m4', 'm3'], openedAt: T0 } }]);
    });
  });

  describe('ballots', () => {
    it('refuses a ballot while no round is open, or once the round closed', () => {
      given([called(), ...standing('m2')]).when(ecmd('CastElectionBallot', 'p1', { memberId: 'm1', candidateMemberId: 'm2' })).rejects('rule_broken', /^No round is open$/);
      const closedRound: ElectionEvent = {
        type: 'RoundClosed',
        data: { round: 1, kind: 'normal', counts: [], abstain: 0, cast: 0, ballots: 0, quorum: { entitled: 5, present: 1, reached: false }, outcome: 'no_quorum', entitledVoters: [], closedAt: T0 },
      };
      given([...round1, closedRound]).when(ecmd('CastElectionBallot', 'p1', { memberId: 'm1', candidateMemberId: 'm2' })).rejects('rule_broken', /^No round is open$/);
    });

    it('refuses a voter whose organisation withdrew, a stranger voting for a member, and a meeting that is not open', () => {
      given(round1).when({ ...ecmd('CastElectionBallot', 'p3', { memberId: 'm3', candidateMemberId: 'm2' }), cluster: withdrawnFromCluster('m3') }).rejects('forbidden', /^Member 'm3' has withdrawn and can no longer vote$/);
      given(round1).when(ecmd('CastElectionBallot', 'p2', { memberId: 'm3', candidateMemberId: 'm2' })).rejects('forbidden', /^Only the representative of m3 may vote for it$/);
      given(round1).when(ecmd('CastElectionBallot', 'p3', { memberId: 'm3', candidateMemberId: 'm2' }, { meetingStatus: 'closed' })).rejects('rule_broken', /^The meeting is closed$/);
    });

    it('names the candidates of the round when the ballot is for someone else', () => {
      given(round1).when(ecmd('CastElectionBallot', 'p1', { memberId: 'm1', candidateMemberId: 'm5' })).rejects('rule_broken', /^m5 is not a candidate in round 1 \(m2, m3, m4\)$/);
    });
  });

  describe('rounds', () => {
    it('is conducted by the coordinator or by whoever called it; no one else', () => {
      given(round1).when(ecmd('CloseRound', 'p2')).rejects('forbidden', /^Only the coordinator or whoever called the election may close a round$/);
      const calledByP2: ElectionEvent = { ...called(), data: { ...(called().data as object), calledBy: 'p2' } } as ElectionEvent;
      given([calledByP2, ...standing('m2'), roundOpened(1, ['m2'])]).when(ecmd('CloseRound', 'p2')).thenContains([{ type: 'RoundClosed' }, { type: 'ElectionInconclusive' }]);
    });

    it('closes only an open round, and nothing once the election is over', () => {
      given([called(), ...standing('m2')]).when(ecmd('CloseRound', 'p1')).rejects('conflict', /^No round is open$/);
      const elected: ElectionEvent = { type: 'LeaderElected', data: { memberId: 'm2', round: 1, votes: 3, electedAt: T0 } };
      given([...round1, elected]).when(ecmd('CloseRound', 'p1')).rejects('conflict', /^The election is over: m2 was elected$/);
      given([...round1, elected]).when(ecmd('OpenRound', 'p1')).rejects('conflict', /^The election is over: m2 was elected$/);
    });

    it('adjourns after a round without quorum, and repeats it; the last round is the one open now', () => {
      const events = given([...round1, ...ballots(1, 'm1:m2')]).when(ecmd('CloseRound', 'p1', {}, { present: ['m1'] })).events();
      const state = fold(electionDecider, [...round1, ...ballots(1, 'm1:m2'), ...events]);
      expect(state.status).toBe('adjourned');
      expect(lastRound(state)).toMatchObject({ round: 1, status: 'closed' });
      expect(fold(electionDecider, [...round1]).status).toBe('voting');
    });

    it('declares a sole candidate short of the majority inconclusive, naming the rule', () => {
      const sole = [called(), ...standing('m2'), roundOpened(1, ['m2']), ...ballots(1, 'm1:m2 m2:- m3:- m4:-')];
      const events = given(sole).when(ecmd('CloseRound', 'p1')).events();
      expect(events.map((e) => e.type)).toEqual(['RoundClosed', 'ElectionInconclusive']);
      expect(events[1]).toMatchObject({ data: { round: 1, reason: expect.stringMatching(/^The only candidate, m2, did not reach the majority \(/) } });
    });

    it('elects the leader with more votes than the next by the rule’s majority; a tie at the top goes to a runoff', () => {
      const tie = given([...round1, ...ballots(1, 'm1:m2 m2:m3 m3:m2 m4:m3')]).when(ecmd('CloseRound', 'p1')).events();
      expect(tie.map((e) => e.type)).toEqual(['RoundClosed', 'RunoffOpened']);
      const clear = given([...round1, ...ballots(1, 'm1:m2 m2:m2 m3:m2 m4:m3')]).when(ecmd('CloseRound', 'p1')).events();
      expect(clear.map((e) => e.type)).toEqual(['RoundClosed', 'LeaderElected']);
    });
  });

  it('hands the cluster what it needs to install the leader, or nothing elected', () => {
    expect(electionResultFacts(fold(electionDecider, [called()]))).toEqual({ electionId: 'e1', clusterId: 'c1', electedMemberId: null });
    const elected: ElectionEvent = { type: 'LeaderElected', data: { memberId: 'm2', round: 1, votes: 3, electedAt: T0 } };
    expect(electionResultFacts(fold(electionDecider, [...round1, elected]))).toEqual({ electionId: 'e1', clusterId: 'c1', electedMemberId: 'm2', electedAt: T0 });
  });

  it('keeps the state of each candidate: nominated, accepted, withdrawn', () => {
    const state = fold(electionDecider, [called(), nominated('m2'), nominated('m3'), accepted('m2'), withdrawn('m3')]);
    expect(Object.values(state.candidates).map((c) => `${c.memberId}:${c.status}`)).toEqual(['m2:accepted', 'm3:withdrawn']);
  });
});
