import { fold } from '../src/shared/decider';
import { reviveMeetingState, type MeetingState } from '../src/meeting/meeting.state';
import { meetingDecider } from '../src/meeting/meeting.decider';
import type { Ballots } from '../src/meeting/ballots';
import type { MeetingEvent } from '../src/meeting/meeting.events';
import { ballot, cmd, convened, voteOpened } from './meeting.fixtures';
import { watched } from './enumeration-count';

/**
 * A ballot must cost the same whatever the number of ballots already cast (a 1,000-member assembly
 * folds 1,000 of them into one vote): these fail if folding or deciding a ballot copies or walks
 * the vote's ballots. No timing: the fold's touches of the ballots are counted instead.
 */

const MEMBERS = 1_000;
const memberIds = Array.from({ length: MEMBERS }, (_, i) => `m${i + 1}`);
const big = (): MeetingEvent[] => [
  ...convened(),
  ...memberIds.map((m) => ({ type: 'AttendanceRecorded', data: { memberId: m, personId: m.replace('m', 'p'), presence: 'in_person', at: '2024-03-14T10:00:00.000Z' } }) as MeetingEvent),
  voteOpened(),
  ...memberIds.slice(0, MEMBERS - 1).map((m) => ballot(m, 'yes')),
];

function withWatchedBallots(state: MeetingState) {
  const w = watched(state.votes.v1.ballots);
  return { state: { ...state, votes: { ...state.votes, v1: { ...state.votes.v1, ballots: w.watched } } }, enumerations: w.enumerations };
}

describe('a ballot costs the same whatever the number of ballots already cast', () => {
  const before = fold(meetingDecider, big());
  const last = memberIds[MEMBERS - 1];

  it('folds a ballot without walking the vote’s ballots, and the state before it stays as it was', () => {
    const { state, enumerations } = withWatchedBallots(before);
    const after = meetingDecider.evolve(state, ballot(last, 'no'));
    expect(enumerations()).toBe(0);
    expect(after.votes.v1.ballots.size).toBe(MEMBERS);
    expect(after.votes.v1.count).toEqual({ ballotsCast: MEMBERS, tally: { yes: MEMBERS - 1, no: 1, abstain: 0 } });
    // Persistent: the earlier version is unchanged, and every other ballot is the very same object.
    expect(before.votes.v1.ballots.size).toBe(MEMBERS - 1);
    expect(before.votes.v1.ballots.has(last)).toBe(false);
    expect(before.votes.v1.count.ballotsCast).toBe(MEMBERS - 1);
    for (const m of memberIds.slice(0, MEMBERS - 1)) expect(after.votes.v1.ballots.get(m)).toBe(before.votes.v1.ballots.get(m));
  });

  it('folds a correction without walking the ballots, moving its weight in the running tally', () => {
    const { state, enumerations } = withWatchedBallots(before);
    const after = meetingDecider.evolve(state, { type: 'BallotCorrected', data: { ...(ballot('m7', 'abstain').data as object) } } as MeetingEvent);
    expect(enumerations()).toBe(0);
    expect(after.votes.v1.count).toEqual({ ballotsCast: MEMBERS - 1, tally: { yes: MEMBERS - 2, no: 0, abstain: 1 } });
    expect(after.votes.v1.ballots.get('m7')).toMatchObject({ choice: 'abstain', corrections: 1 });
  });

  it('decides a ballot, and refuses a second one, without walking the ballots', () => {
    const facts = { cluster: { ...cmd('CastBallot', 'p1', { voteId: 'v1', memberId: 'm1', choice: 'no' }).cluster, members: memberIds.map((m) => ({ memberId: m, kind: 'ordinary' as const, status: 'active' as const, votingWeight: 1, personId: m.replace('m', 'p') })) } };
    const { state, enumerations } = withWatchedBallots(before);
    expect(meetingDecider.decide({ ...cmd('CastBallot', last.replace('m', 'p'), { voteId: 'v1', memberId: last, choice: 'no' }), ...facts }, state)).toEqual([ballot(last, 'no')]);
    expect(() => meetingDecider.decide({ ...cmd('CastBallot', 'p1', { voteId: 'v1', memberId: 'm1', choice: 'no' }), ...facts }, state)).toThrow(/already voted/);
    expect(enumerations()).toBe(0);
  });

  it('a secret vote keeps a count of who voted and no running tally', () => {
    const secret = fold(meetingDecider, [...convened(), voteOpened(undefined, 'secret'), { type: 'BallotCast', data: { voteId: 'v1', memberId: 'm1', castBy: 'p1', viaProxyOf: null, weight: 1, sealedChoice: 'x' } }]);
    expect(secret.votes.v1.count).toEqual({ ballotsCast: 1, tally: null });
  });

  it('a state read back from JSON is a map again, with the same count', () => {
    const json = JSON.parse(JSON.stringify(before));
    expect(Object.keys(json.votes.v1.ballots)).toHaveLength(MEMBERS - 1);
    delete json.votes.v1.count; // a document stored before the running count was kept
    const revived = reviveMeetingState(json);
    expect([...revived.votes.v1.ballots.keys()]).toEqual([...before.votes.v1.ballots.keys()]);
    expect(revived.votes.v1.count).toEqual(before.votes.v1.count);
    expect(meetingDecider.evolve(revived, ballot(last, 'no')).votes.v1.ballots.size).toBe(MEMBERS);
  });
});
