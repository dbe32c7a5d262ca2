import { electionDecider } from '../src/election/election.decider';
import { fold } from '../src/shared/decider';
import { lastRound, reviveElectionState, roundsInOrder, type ElectionBallots, type ElectionState } from '../src/election/election.state';
import type { ElectionEvent } from '../src/election/election.events';
import { ballot, called, ecmd, roundOpened, standing } from './election.fixtures';
import { watched } from './enumeration-count';

/**
 * An election ballot must cost the same whatever the number of ballots already cast in its round (a
 * 1,000-member assembly electing its leader): these fail if folding or deciding a ballot copies or
 * walks the round's ballots — counted through a proxy, no timing — and if a ballot is lost or
 * counted twice on its way through rounds, a runoff, or the JSON the read models keep.
 */

const MEMBERS = 1_000;
const memberIds = Array.from({ length: MEMBERS }, (_, i) => `m${i + 1}`);
const personOf = (m: string) => m.replace('m', 'p');
const candidates = ['m1', 'm2', 'm3'];
/** Round 1 with every member but the last having voted: m1 and m2 tie (333 each), a third abstain. */
const choiceOf = (i: number) => [candidates[0], candidates[1], null][i % 3];
const roundOne = (): ElectionEvent[] => [called(), ...standing(...candidates), roundOpened(1, candidates), ...memberIds.slice(0, MEMBERS - 1).map((m, i) => ballot(1, m, choiceOf(i)))];

function withWatchedBallots(state: ElectionState, round = 1) {
  const w = watched(state.rounds[round].ballots);
  return { state: { ...state, rounds: { ...state.rounds, [round]: { ...state.rounds[round], ballots: w.watched } } }, enumerations: w.enumerations };
}

/** Cluster and meeting facts for the assembly: every member ordinary, active and present. */
function assembly<C extends { cluster: { members: unknown[] }; meeting: { presentMemberIds: string[] } }>(command: C): C {
  return {
    ...command,
    cluster: { ...command.cluster, members: memberIds.map((m) => ({ memberId: m, kind: 'ordinary' as const, status: 'active' as const, votingWeight: 1, personId: personOf(m) })) },
    meeting: { ...command.meeting, presentMemberIds: memberIds },
  };
}

describe('an election ballot costs the same whatever the number of ballots already cast', () => {
  const before = fold(electionDecider, roundOne());
  const last = memberIds[MEMBERS - 1];

  it('folds a ballot without walking the round’s ballots; the state before it stays as it was', () => {
    const { state, enumerations } = withWatchedBallots(before);
    const after = electionDecider.evolve(state, ballot(1, last, 'm3'));
    expect(enumerations()).toBe(0);
    expect(after.rounds[1].ballots.size).toBe(MEMBERS);
    expect(after.rounds[1].ballots.get(last)).toEqual({ memberId: last, castBy: personOf(last), candidateMemberId: 'm3', weight: 1 });
    expect(before.rounds[1].ballots.size).toBe(MEMBERS - 1);
    expect(before.rounds[1].ballots.has(last)).toBe(false);
    for (const m of memberIds.slice(0, 50)) expect(after.rounds[1].ballots.get(m)).toBe(before.rounds[1].ballots.get(m));
  });

  it('decides a ballot, and refuses a second one from the same member, without walking the ballots', () => {
    const { state, enumerations } = withWatchedBallots(before);
    expect(electionDecider.decide(assembly(ecmd('CastElectionBallot', personOf(last), { memberId: last, candidateMemberId: 'm3' })), state)).toEqual([ballot(1, last, 'm3')]);
    expect(() => electionDecider.decide(assembly(ecmd('CastElectionBallot', 'p7', { memberId: 'm7', candidateMemberId: 'm1' })), state)).toThrow(/m7 has already voted in round 1/);
    expect(enumerations()).toBe(0);
  });
});

describe('an election’s ballots through its rounds: none lost, none counted twice', () => {
  it('counts every ballot of round 1 once, opens the runoff empty, and keeps each round’s ballots apart', () => {
    const round1 = [...roundOne(), ballot(1, memberIds[MEMBERS - 1], 'm3')];
    const closing = electionDecider.decide(assembly(ecmd('CloseRound', 'p1')), fold(electionDecider, round1));
    expect(closing.map((e) => e.type)).toEqual(['RoundClosed', 'RunoffOpened']);
    const closed = closing[0].data as { counts: { memberId: string; votes: number }[]; abstain: number; cast: number; ballots: number };
    expect(closed).toMatchObject({ cast: MEMBERS, ballots: MEMBERS, abstain: 333, counts: [{ memberId: 'm1', votes: 333 }, { memberId: 'm2', votes: 333 }, { memberId: 'm3', votes: 1 }] });
    expect(closing[1].data).toMatchObject({ round: 2, candidates: ['m1', 'm2'] });

    // The runoff: every member votes again; the first round's ballots must stay what they were.
    const runoff = memberIds.map((m, i) => ballot(2, m, i < 600 ? 'm2' : 'm1'));
    const state = fold(electionDecider, [...round1, ...closing, ...runoff]);
    expect(roundsInOrder(state).map((r) => [r.round, r.kind, r.status, r.ballots.size])).toEqual([
      [1, 'normal', 'closed', MEMBERS],
      [2, 'runoff', 'open', MEMBERS],
    ]);
    expect([...state.rounds[1].ballots.keys()]).toEqual(memberIds);
    expect([...state.rounds[2].ballots.keys()]).toEqual(memberIds);
    expect(state.rounds[1].ballots.get('m2')!.candidateMemberId).toBe('m2');
    expect(state.rounds[2].ballots.get('m2')!.candidateMemberId).toBe('m2');
    expect(state.rounds[1].ballots.get('m3')!.candidateMemberId).toBe(null);
    expect(state.rounds[1].ballots.get('m701')!.candidateMemberId).toBe('m2');
    expect(state.rounds[2].ballots.get('m701')!.candidateMemberId).toBe('m1');
    expect(lastRound(state)!.round).toBe(2);

    const result = electionDecider.decide(assembly(ecmd('CloseRound', 'p1')), state);
    expect(result[0].data).toMatchObject({ round: 2, cast: MEMBERS, ballots: MEMBERS, counts: [{ memberId: 'm1', votes: 400 }, { memberId: 'm2', votes: 600 }] });
    expect(result[1]).toMatchObject({ type: 'LeaderElected', data: { memberId: 'm2', round: 2, votes: 600 } });
  });

  it('reads back from JSON (as the read models store it) with every round’s ballots, in order, and folds on from there', () => {
    const round1 = [...roundOne(), ballot(1, memberIds[MEMBERS - 1], 'm3')];
    const closing = electionDecider.decide(assembly(ecmd('CloseRound', 'p1')), fold(electionDecider, round1));
    const state = fold(electionDecider, [...round1, ...closing, ...memberIds.slice(0, 10).map((m) => ballot(2, m, 'm1'))]);
    const json = JSON.parse(JSON.stringify(state));
    expect(Object.keys(json.rounds)).toEqual(['1', '2']);
    expect(Object.keys(json.rounds['1'].ballots)).toHaveLength(MEMBERS);
    const revived = reviveElectionState(json);
    expect([...revived.rounds[1].ballots.keys()]).toEqual(memberIds);
    expect([...revived.rounds[2].ballots.keys()]).toEqual(memberIds.slice(0, 10));
    const next = electionDecider.evolve(revived, ballot(2, 'm11', 'm2'));
    expect(next.rounds[2].ballots.size).toBe(11);
    expect(next.rounds[1].ballots.size).toBe(MEMBERS);
    expect(JSON.parse(JSON.stringify(electionDecider.evolve(state, ballot(2, 'm11', 'm2'))))).toEqual(JSON.parse(JSON.stringify(next)));
  });
});
