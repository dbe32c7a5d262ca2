import { defaultCharter, fold, meetingDecider, type Ballots, type MeetingEvent, type MeetingState } from '@klaster/domain';
import type { RecordedEvent } from '@klaster/event-store';
import { meetingView } from '../meetings/queries/meeting.view';
import { watched } from '../../../../libs/domain/test/enumeration-count';
import { fragmentOf } from './live-fragments';

/**
 * A vote's live fragment is built on every ballot of a 1,000-member assembly: it must not walk the
 * vote's ballots (counted here through a proxy, no timing), and must say what the full view says.
 */
const AT = '2024-03-14T10:00:00.000Z';
const MEMBERS = 500;
const memberIds = Array.from({ length: MEMBERS }, (_, i) => `m${i + 1}`);
const ballot = (memberId: string, choice: 'yes' | 'no', secret = false): MeetingEvent =>
  ({ type: 'BallotCast', data: { voteId: 'v1', memberId, castBy: memberId.replace('m', 'p'), viaProxyOf: null, weight: 1, ...(secret ? { sealedChoice: 'sealed' } : { choice }) } }) as MeetingEvent;
const meetingWith = (secret: boolean): MeetingState =>
  fold(meetingDecider, [
    { type: 'MeetingConvened', data: { meetingId: 'k1.wz', clusterId: 'k1', kind: 'general', title: 'Walne', scheduledFor: AT, venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Plan' }], convenedBy: 'p1' } },
    { type: 'MeetingOpened', data: { openedAt: AT } },
    {
      type: 'VoteOpened',
      data: { voteId: 'v1', agendaItemId: 'a1', motion: 'Plan', secrecy: secret ? 'secret' : 'named', decisionKind: 'ordinary_resolution', subject: { kind: 'general' }, rule: defaultCharter.decisionRules.ordinary_resolution, charterVersion: 1, openedAt: AT },
    },
    ...memberIds.map((m, i) => ballot(m, i % 4 === 0 ? 'no' : 'yes', secret)),
  ] as MeetingEvent[]);
const recorded = (e: MeetingEvent) => ({ type: e.type, data: e.data, streamId: 'meeting-k1.wz', position: 9n, revision: 8n, metadata: {} }) as unknown as RecordedEvent;

/** The meeting with its vote's ballots behind the domain specs' enumeration-counting proxy. */
function watchBallots(state: MeetingState) {
  const { watched: ballots, enumerations } = watched(state.votes.v1.ballots);
  return { state: { ...state, votes: { v1: { ...state.votes.v1, ballots: ballots as Ballots } } }, enumerations };
}

describe('live fragment of a vote', () => {
  it('a ballot of a named vote: the vote with its running tally and the one ballot, without walking the ballots', () => {
    const folded = meetingWith(false);
    const { state, enumerations } = watchBallots(folded);
    const fragment = fragmentOf('meetings', { state, revision: 8n, position: 9n }, recorded(ballot(memberIds[9], 'yes')), () => undefined) as any;
    expect(enumerations()).toBe(0);
    expect(fragment.vote.tally).toEqual({ yes: MEMBERS * 0.75, no: MEMBERS * 0.25, abstain: 0 });
    expect(fragment.ballot).toMatchObject({ memberId: memberIds[9], choice: 'yes' });
    // What the full view says of the vote, less its per-member lists.
    const { ballots, voted, ...full } = meetingView(folded, 8n).votes[0];
    expect(ballots).toHaveLength(MEMBERS);
    expect(voted).toHaveLength(MEMBERS);
    expect(fragment.vote).toEqual({ ...full, tally: fragment.vote.tally });
    expect(fragment.vote.ballotsCast).toBe(MEMBERS);
  });

  it('a ballot of a secret vote: how many voted, no ballot, no tally', () => {
    const { state, enumerations } = watchBallots(meetingWith(true));
    const fragment = fragmentOf('meetings', { state, revision: 8n, position: 9n }, recorded(ballot(memberIds[3], 'yes', true)), () => undefined) as any;
    expect(enumerations()).toBe(0);
    expect(fragment.vote).toMatchObject({ secrecy: 'secret', ballotsCast: MEMBERS, tally: null });
    expect(fragment.ballot).toBeNull();
    expect(JSON.stringify(fragment)).not.toContain('sealed');
  });

  it('any other meeting event: vote summaries with their counts, without walking the ballots', () => {
    const { state, enumerations } = watchBallots(meetingWith(false));
    const fragment = fragmentOf('meetings', { state, revision: 8n, position: 9n }, recorded({ type: 'MeetingOpened', data: { openedAt: AT } }), () => undefined) as any;
    expect(enumerations()).toBe(0);
    expect(fragment.votes).toEqual([{ voteId: 'v1', motion: 'Plan', secrecy: 'named', status: 'open', ballotsCast: MEMBERS }]);
  });
});
