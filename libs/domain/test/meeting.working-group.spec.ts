import { meetingDecider } from '../src/meeting/meeting.decider';
import type { MeetingEvent } from '../src/meeting/meeting.events';
import { specFor } from './given-when-then';
import { T0, ballot, cmd, facts, present, resolution, voteOpened } from './meeting.fixtures';

/**
 * A working-group meeting: the group's members (not the whole cluster) vote, and a group member's
 * representative may chair it as the coordinator may. The group is m2, m3 and the honorary h1.
 */
const given = specFor(meetingDecider);
const GROUP = ['m2', 'm3', 'h1'];
const inGroup = { groupMemberIds: GROUP };

const convenedGroup: MeetingEvent[] = [
  {
    type: 'MeetingConvened',
    data: {
      meetingId: 'mt1',
      clusterId: 'c1',
      kind: 'working_group',
      groupId: 'g1',
      title: 'Grupa robocza',
      scheduledFor: T0,
      venue: { mode: 'online', url: 'https://meet.example/g1' },
      agenda: [{ itemId: 'a1', title: 'Zadania' }],
      convenedBy: 'p2',
    },
  },
  { type: 'MeetingOpened', data: { openedAt: T0 } },
];
const open = [...convenedGroup, ...present('m1', 'm2', 'm3', 'm4', 'h1'), voteOpened({ quorum: { kind: 'fraction_of_members', fraction: 0.5 }, majority: 'simple' })];
const close = (actor = 'p1', cluster = facts()) => ({ ...cmd('CloseVote', actor, { voteId: 'v1', ...inGroup }), cluster });
const closed = (events: MeetingEvent[]) => (events[0] as Extract<MeetingEvent, { type: 'VoteClosed' }>).data;

describe('working-group meeting', () => {
  describe('convening and chairing', () => {
    const convene = (actor: string, extra: object = { groupId: 'g1', ...inGroup }) =>
      cmd('ConveneMeeting', actor, { clusterId: 'c1', kind: 'working_group', title: 'Grupa robocza', scheduledFor: T0, venue: { mode: 'online' }, agenda: [], ...extra });

    it('is convened by a group member’s representative, or by the coordinator', () => {
      given([]).when(convene('p2')).thenContains([{ type: 'MeetingConvened', data: expect.objectContaining({ kind: 'working_group', groupId: 'g1', convenedBy: 'p2' }) }]);
      given([]).when(convene('p1')).thenContains([{ type: 'MeetingConvened', data: expect.objectContaining({ convenedBy: 'p1' }) }]);
    });

    it('is not convened by a cluster member outside the group, nor by a group member that withdrew', () => {
      given([]).when(convene('p4')).rejects('forbidden', /Only the coordinator or a group member may convene this meeting/);
      const withdrawn = { ...facts(), members: facts().members.map((m) => (m.memberId === 'm2' ? { ...m, status: 'withdrawn' as const } : m)) };
      given([]).when({ ...convene('p2'), cluster: withdrawn }).rejects('forbidden', /Only the coordinator or a group member/);
    });

    it('names its group', () => {
      given([]).when(convene('p1', inGroup)).rejects('rule_broken', /names its group/);
    });

    it('is chaired by a group member: opens, takes agenda items, opens and closes votes; an outsider may not', () => {
      given(convenedGroup.slice(0, 1)).when(cmd('OpenMeeting', 'p3', inGroup)).then([{ type: 'MeetingOpened', data: { openedAt: T0 } }]);
      given(convenedGroup.slice(0, 1)).when(cmd('OpenMeeting', 'p4', inGroup)).rejects('forbidden', /Only the coordinator or a group member may open the meeting/);
      given(convenedGroup).when(cmd('AddAgendaItem', 'p4', { itemId: 'a2', title: 'Inne', ...inGroup })).rejects('forbidden', /may change the agenda/);
      const openVote = (actor: string) => cmd('OpenVote', actor, { voteId: 'v2', agendaItemId: 'a1', motion: 'Plan', secrecy: 'named', decisionKind: 'ordinary_resolution', subject: { kind: 'general' }, ...inGroup });
      given(convenedGroup).when(openVote('p3')).thenContains([{ type: 'VoteOpened' }]);
      given(convenedGroup).when(openVote('p4')).rejects('forbidden', /may open a vote/);
      given(open).when(close('p3')).thenContains([{ type: 'VoteClosed' }]);
      given(open).when(close('p4')).rejects('forbidden', /may close a vote/);
    });

    it('at a council meeting, a group member is no chair', () => {
      const council: MeetingEvent[] = [{ ...convenedGroup[0], data: { ...(convenedGroup[0].data as object), kind: 'council', groupId: undefined } } as MeetingEvent];
      given(council).when(cmd('OpenMeeting', 'p2', inGroup)).rejects('forbidden', /^Only the coordinator may open the meeting$/);
    });
  });

  describe('voters', () => {
    it('takes the ballot of a group member and refuses a present cluster member outside the group', () => {
      given(open).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'yes', ...inGroup })).then([ballot('m2', 'yes')]);
      given(open).when(cmd('CastBallot', 'p4', { voteId: 'v1', memberId: 'm4', choice: 'yes', ...inGroup })).rejects('rule_broken', /m4 is not entitled to vote at this meeting/);
      // The coordinator chairs any meeting, but votes at a group's only if its member is in the group.
      given(open).when(cmd('CastBallot', 'p1', { voteId: 'v1', memberId: 'm1', choice: 'yes', ...inGroup })).rejects('rule_broken', /m1 is not entitled/);
    });

    it('gives an honorary group member no vote', () => {
      given(open).when(cmd('CastBallot', 'ph', { voteId: 'v1', memberId: 'h1', choice: 'yes', ...inGroup })).rejects('rule_broken', /Honorary members attend without a vote/);
    });

    it('freezes the group’s voting members as the entitled voters, and judges the quorum against them', () => {
      const result = closed(given([...open, ballot('m2', 'yes')]).when(close()).events());
      expect(result.entitledVoters).toEqual([
        { memberId: 'm2', weight: 1 },
        { memberId: 'm3', weight: 1 },
      ]);
      // Two entitled, both present: quorum; one yes, nobody against: adopted.
      expect(result.quorum).toEqual({ entitled: 2, present: 2, reached: true });
      expect(result.outcome).toBe('adopted');
    });

    it('does not count a ballot of a member no longer in the group when the vote closes', () => {
      const ballots = [...open, ballot('m2', 'no'), ballot('m3', 'yes')];
      const result = closed(given(ballots).when({ ...close(), groupMemberIds: ['m3'] }).events());
      expect(result.entitledVoters.map((v) => v.memberId)).toEqual(['m3']);
      expect(result.tally).toEqual({ yes: 1, no: 0, abstain: 0 });
    });

    it('has no voters without the group’s members: every ballot is refused', () => {
      given(open).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'yes' })).rejects('rule_broken', /not entitled/);
    });
  });
});
