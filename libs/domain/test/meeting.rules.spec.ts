import { fold } from '../src/shared/decider';
import { meetingDecider, meetingStreamId } from '../src/meeting/meeting.decider';
import { resolutionBody } from '../src/meeting/meeting.state';
import { resolutionFacts } from '../src/meeting/resolution-facts';
import type { MeetingEvent } from '../src/meeting/meeting.events';
import { specFor } from './given-when-then';
import { T0, ballot, cmd, convened, facts, present, resolution, voteOpened } from './meeting.fixtures';

/** The meeting's rules one by one: each act, who may do it, in which state, and what it refuses. */
const given = specFor(meetingDecider);
const onlyConvened = convened().slice(0, 1);
const open = convened();
const closeVote = (actor = 'p1') => cmd('CloseVote', actor, { voteId: 'v1' });
const closedVote: MeetingEvent = {
  type: 'VoteClosed',
  data: { voteId: 'v1', resolution, outcome: 'adopted', tally: { yes: 1, no: 0, abstain: 0 }, ballots: 1, quorum: { entitled: 5, present: 1, reached: true }, charterVersion: 1, rule: { quorum: { kind: 'none' }, majority: 'simple' }, entitledVoters: [], closedAt: T0 },
};

describe('meeting rules', () => {
  it('names its stream meeting-<id>', () => {
    expect(meetingStreamId('rada-7')).toBe('meeting-rada-7');
  });

  describe('convening', () => {
    const convene = (extra: object = {}) =>
      cmd('ConveneMeeting', 'p1', { clusterId: 'c1', kind: 'council', title: 'Rada', scheduledFor: T0, venue: { mode: 'online' }, agenda: [{ itemId: 'a1', title: 'Plan' }], ...extra });

    it('records the meeting as convened, without a group for a council', () => {
      given([]).when(convene()).then([
        { type: 'MeetingConvened', data: { meetingId: 'mt1', clusterId: 'c1', kind: 'council', title: 'Rada', scheduledFor: T0, venue: { mode: 'online' }, agenda: [{ itemId: 'a1', title: 'Plan' }], convenedBy: 'p1' } },
      ]);
    });

    it('takes an agenda of several distinct items', () => {
      const agenda = [{ itemId: 'a1', title: 'Plan' }, { itemId: 'a2', title: 'Budżet' }, { itemId: 'a3', title: 'Wolne wnioski' }];
      given([]).when(convene({ agenda })).thenContains([{ type: 'MeetingConvened', data: expect.objectContaining({ agenda }) }]);
    });

    it('refuses a meeting that exists, and agenda items with the same id', () => {
      given(onlyConvened).when(convene()).rejects('conflict', /Meeting 'mt1' already exists/);
      given([]).when(convene({ agenda: [{ itemId: 'a1', title: 'x' }, { itemId: 'a1', title: 'y' }] })).rejects('rule_broken', /Agenda item ids must be unique/);
    });

    it('answers not found for any other act on a meeting never convened', () => {
      given([]).when(cmd('OpenMeeting', 'p1')).rejects('not_found', /Meeting 'mt1' does not exist/);
    });
  });

  describe('agenda and opening', () => {
    it('takes agenda items from the convener while convened or open, each id once', () => {
      given(onlyConvened)
        .when(cmd('AddAgendaItem', 'p1', { itemId: 'a2', title: 'Wolne wnioski', description: 'Głosy członków' }))
        .then([{ type: 'AgendaItemAdded', data: { itemId: 'a2', title: 'Wolne wnioski', description: 'Głosy członków' } }]);
      given(open).when(cmd('AddAgendaItem', 'p1', { itemId: 'a2', title: 'Inne' })).then([{ type: 'AgendaItemAdded', data: { itemId: 'a2', title: 'Inne' } }]);
      given(open).when(cmd('AddAgendaItem', 'p1', { itemId: 'a1', title: 'Znowu' })).rejects('conflict', /Agenda item 'a1' already exists/);
      given(open).when(cmd('AddAgendaItem', 'p2', { itemId: 'a2', title: 'x' })).rejects('forbidden', /^Only the coordinator may change the agenda$/);
      const closed = [...open, { type: 'MeetingClosed', data: { closedAt: T0 } } as MeetingEvent];
      given(closed).when(cmd('AddAgendaItem', 'p1', { itemId: 'a2', title: 'x' })).rejects('rule_broken', /^The meeting is closed and cannot change its agenda$/);
    });

    it('finds a duplicate among several items, and folds an added item into the agenda', () => {
      const added: MeetingEvent = { type: 'AgendaItemAdded', data: { itemId: 'a2', title: 'Inne' } };
      given([...open, added]).when(cmd('AddAgendaItem', 'p1', { itemId: 'a2', title: 'Znowu' })).rejects('conflict', /^Agenda item 'a2' already exists$/);
      given([...open, added]).when(cmd('AddAgendaItem', 'p1', { itemId: 'a1', title: 'Znowu' })).rejects('conflict', /^Agenda item 'a1' already exists$/);
      expect(fold(meetingDecider, [...open, added]).agenda).toEqual([{ itemId: 'a1', title: 'Sprawy różne' }, { itemId: 'a2', title: 'Inne' }]);
    });

    it('opens once, by the convener', () => {
      given(onlyConvened).when(cmd('OpenMeeting', 'p1')).then([{ type: 'MeetingOpened', data: { openedAt: T0 } }]);
      given(onlyConvened).when(cmd('OpenMeeting', 'p2')).rejects('forbidden', /^Only the coordinator may open the meeting$/);
      given(open).when(cmd('OpenMeeting', 'p1')).rejects('rule_broken', /^The meeting is open and cannot be opened$/);
    });

    it('is cancelled only by the convener, only before it opens', () => {
      given(onlyConvened).when(cmd('CancelMeeting', 'p2', { reason: 'x' })).rejects('forbidden', /^Only the coordinator may cancel the meeting$/);
      given(open).when(cmd('CancelMeeting', 'p1', { reason: 'x' })).rejects('rule_broken', /^The meeting is open and cannot be cancelled \(only a meeting not yet opened can be\)$/);
    });

    it('closes when no vote is open, by the convener', () => {
      given([...open, voteOpened(), closedVote]).when(cmd('CloseMeeting', 'p1')).then([{ type: 'MeetingClosed', data: { closedAt: T0 } }]);
      given(open).when(cmd('CloseMeeting', 'p1')).then([{ type: 'MeetingClosed', data: { closedAt: T0 } }]);
      given([...open, voteOpened()]).when(cmd('CloseMeeting', 'p1')).rejects('rule_broken', /^Close every open vote before closing the meeting$/);
      given(open).when(cmd('CloseMeeting', 'p2')).rejects('forbidden', /^Only the coordinator may close the meeting$/);
      given(onlyConvened).when(cmd('CloseMeeting', 'p1')).rejects('rule_broken', /^The meeting is convened and cannot be closed$/);
    });
  });

  describe('attendance', () => {
    it('records a presence once; a change is a new record', () => {
      given([...open, ...present('m2')]).when(cmd('RecordAttendance', 'p2', { memberId: 'm2', presence: 'in_person' })).rejects('rule_broken', /^m2 is already recorded as in_person$/);
      given([...open, ...present('m2')])
        .when(cmd('RecordAttendance', 'p1', { memberId: 'm2', presence: 'left' }))
        .then([{ type: 'AttendanceRecorded', data: { memberId: 'm2', personId: 'p2', presence: 'left', at: T0 } }]);
    });

    it('is recorded only while the meeting is open, for a member of the cluster still active', () => {
      given(onlyConvened).when(cmd('RecordAttendance', 'p2', { memberId: 'm2', presence: 'online' })).rejects('rule_broken', /^The meeting is convened and cannot record attendance$/);
      given(open).when(cmd('RecordAttendance', 'p1', { memberId: 'x9', presence: 'online' })).rejects('not_found', /^Member 'x9' is not a member of this cluster$/);
      const withdrawn = { ...facts(), members: facts().members.map((m) => (m.memberId === 'm2' ? { ...m, status: 'withdrawn' as const } : m)) };
      given(open).when({ ...cmd('RecordAttendance', 'p2', { memberId: 'm2', presence: 'online' }), cluster: withdrawn }).rejects('forbidden', /^Member 'm2' has withdrawn and can no longer act$/);
    });

    it('records an ordinary member under the charter that bars honorary attendance', () => {
      given(open)
        .when(cmd('RecordAttendance', 'p2', { memberId: 'm2', presence: 'online' }, { honoraryMembersAttend: false }))
        .then([{ type: 'AttendanceRecorded', data: { memberId: 'm2', personId: 'p2', presence: 'online', at: T0 } }]);
    });
  });

  describe('proxies', () => {
    const base = [...open, ...present('m1', 'm2')];
    const register = (actor: string, grantor: string, holder: string) =>
      cmd('RegisterProxy', actor, { grantorMemberId: grantor, holderMemberId: holder, documentRef: 'Pełnomocnictwo' }, { proxiesAllowed: true });
    const proxy: MeetingEvent = { type: 'ProxyRegistered', data: { grantorMemberId: 'm4', holderMemberId: 'm2', documentRef: 'Pełnomocnictwo' } };

    it('is registered by the coordinator for a holder; not by someone else', () => {
      given(base).when(register('p1', 'm4', 'm2')).then([proxy]);
      given(base).when(register('p3', 'm4', 'm2')).rejects('forbidden', /^A proxy is registered by its holder or by the coordinator$/);
    });

    it('refuses a member holding its own proxy, a second proxy of one grantor, and a grantor who is present', () => {
      given(base).when(register('p2', 'm2', 'm2')).rejects('rule_broken', /^A member cannot hold its own proxy$/);
      given([...base, proxy]).when(register('p1', 'm4', 'm1')).rejects('conflict', /^m4 has already given a proxy; revoke it first$/);
      given(base).when(register('p2', 'm1', 'm2')).rejects('rule_broken', /^m1 is present and votes itself$/);
      given(onlyConvened).when(register('p1', 'm4', 'm2')).rejects('rule_broken', /^The proxy holder m2 must be present$/);
    });

    it('is taken only while the meeting is convened or open', () => {
      const closed = [...base, { type: 'MeetingClosed', data: { closedAt: T0 } } as MeetingEvent];
      given(closed).when(register('p1', 'm4', 'm2')).rejects('rule_broken', /^The meeting is closed and cannot take proxies$/);
    });

    it('lets the holder vote for its grantor only while the holder is present', () => {
      const holderLeft = [...base, proxy, voteOpened(), { type: 'AttendanceRecorded', data: { memberId: 'm2', personId: 'p2', presence: 'left', at: T0 } } as MeetingEvent];
      const byHolder = cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm4', choice: 'yes' }, { proxiesAllowed: true });
      given([...base, proxy, voteOpened()]).when(byHolder).then([{ type: 'BallotCast', data: { voteId: 'v1', memberId: 'm4', castBy: 'p2', viaProxyOf: 'm2', weight: 1, choice: 'yes' } }]);
      given(holderLeft).when(byHolder).rejects('rule_broken', /^The proxy holder m2 is not present$/);
    });

    it('is revoked by the grantor, the holder or the coordinator; by no one else; only if given', () => {
      const revoked = [{ type: 'ProxyRevoked', data: { grantorMemberId: 'm4', holderMemberId: 'm2' } }];
      for (const actor of ['p4', 'p2', 'p1']) given([...base, proxy]).when(cmd('RevokeProxy', actor, { grantorMemberId: 'm4' })).then(revoked as MeetingEvent[]);
      given([...base, proxy]).when(cmd('RevokeProxy', 'p3', { grantorMemberId: 'm4' })).rejects('forbidden', /^A proxy is revoked by its grantor, its holder or the coordinator$/);
      given(base).when(cmd('RevokeProxy', 'p1', { grantorMemberId: 'm4' })).rejects('not_found', /^m4 has no active proxy$/);
    });
  });

  describe('votes', () => {
    const openVote = (actor = 'p1', extra: object = {}) =>
      cmd('OpenVote', actor, { voteId: 'v2', agendaItemId: 'a1', motion: 'Plan', secrecy: 'named', decisionKind: 'amendment', subject: { kind: 'general' }, ...extra });

    it('opens under the rule the charter in force fixes for its decision kind', () => {
      given(open).when(openVote()).then([
        {
          type: 'VoteOpened',
          data: { voteId: 'v2', agendaItemId: 'a1', motion: 'Plan', secrecy: 'named', decisionKind: 'amendment', subject: { kind: 'general' }, rule: facts().charter.decisionRules.amendment, charterVersion: 1, openedAt: T0 },
        },
      ]);
    });

    it('refuses a vote id in use, an item not on the agenda, a meeting not open, and anyone but the convener', () => {
      given([...open, voteOpened()]).when(openVote('p1', { voteId: 'v1' })).rejects('conflict', /^Vote 'v1' already exists$/);
      given(open).when(openVote('p1', { agendaItemId: 'a9' })).rejects('not_found', /^Agenda item 'a9' is not on the agenda$/);
      const twoItems = [...open, { type: 'AgendaItemAdded', data: { itemId: 'a2', title: 'Budżet' } } as MeetingEvent];
      given(twoItems).when(openVote('p1', { agendaItemId: 'a2' })).thenContains([{ type: 'VoteOpened', data: expect.objectContaining({ voteId: 'v2', agendaItemId: 'a2' }) }]);
      given(onlyConvened).when(openVote()).rejects('rule_broken', /^The meeting is convened and cannot hold votes$/);
      given(open).when(openVote('p2')).rejects('forbidden', /^Only the coordinator may open a vote$/);
    });

    it('refuses a ballot or a correction on an unknown vote, and a correction before any ballot', () => {
      const withVote = [...open, ...present('m2'), voteOpened()];
      given(withVote).when(cmd('CastBallot', 'p2', { voteId: 'v9', memberId: 'm2', choice: 'yes' })).rejects('not_found', /^Vote 'v9' does not exist$/);
      given(withVote).when(cmd('CorrectBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'yes' })).rejects('not_found', /^m2 has not voted yet$/);
    });

    it('closes once, by the convener, an existing vote', () => {
      given([...open, voteOpened()]).when(closeVote('p2')).rejects('forbidden', /^Only the coordinator may close a vote$/);
      given(open).when(closeVote()).rejects('not_found', /^Vote 'v1' does not exist$/);
      given([...open, voteOpened(), closedVote]).when(closeVote()).rejects('conflict', /^The vote is already closed$/);
    });

    it('counts the present and those represented by a present holder for the quorum; a proxy whose holder left counts not', () => {
      const proxy: MeetingEvent = { type: 'ProxyRegistered', data: { grantorMemberId: 'm4', holderMemberId: 'm2', documentRef: 'P' } };
      const left: MeetingEvent = { type: 'AttendanceRecorded', data: { memberId: 'm2', personId: 'p2', presence: 'left', at: T0 } };
      const quorum = (events: MeetingEvent[]) => (given(events).when(closeVote()).events()[0] as Extract<MeetingEvent, { type: 'VoteClosed' }>).data.quorum;
      expect(quorum([...open, ...present('m1', 'm2'), proxy, voteOpened()])).toMatchObject({ present: 3 });
      expect(quorum([...open, ...present('m1', 'm2'), proxy, left, voteOpened()])).toMatchObject({ present: 1 });
      expect(quorum([...open, ...present('m1', 'm3'), voteOpened(), ballot('m1', 'yes')])).toMatchObject({ present: 2, entitled: 5 });
    });
  });

  describe('minutes', () => {
    const drafted: MeetingEvent = { type: 'MinutesDrafted', data: { version: 1, text: 'Protokół' } };

    it('are drafted once by the convener, then corrected; not corrected before a draft', () => {
      given([...open, drafted]).when(cmd('DraftMinutes', 'p1', { text: 'x' })).rejects('conflict', /^The minutes are already drafted; correct them instead$/);
      given(open).when(cmd('CorrectMinutes', 'p1', { text: 'x' })).rejects('rule_broken', /^There are no minutes to correct yet$/);
      given(open).when(cmd('DraftMinutes', 'p2', { text: 'x' })).rejects('forbidden', /^Only the coordinator may write the minutes$/);
    });

    it('are approved only as a draft, by a closed vote, and locked only once approved', () => {
      const approval = voteOpened(undefined, 'named', { kind: 'minutes_approval' });
      given([...open, approval, closedVote]).when(cmd('ApproveMinutes', 'p1', { voteId: 'v1' })).rejects('rule_broken', /^Only drafted \(or corrected\) minutes can be approved$/);
      given([...open, drafted, approval]).when(cmd('ApproveMinutes', 'p1', { voteId: 'v1' })).rejects('rule_broken', /^That vote is still open$/);
      given([...open, drafted, approval, closedVote]).when(cmd('ApproveMinutes', 'p2', { voteId: 'v1' })).rejects('forbidden', /^Only the coordinator may record the approval of the minutes$/);
      given([...open, drafted]).when(cmd('LockMinutes', 'p1')).rejects('rule_broken', /^Only approved minutes can be locked$/);
      given([...open, drafted]).when(cmd('LockMinutes', 'p2')).rejects('forbidden', /^Only the coordinator may lock the minutes$/);
    });
  });

  describe('the body that numbers its resolutions, and the facts a closed vote gives other streams', () => {
    const kinds = [
      ['council', 'council'],
      ['general', 'general_meeting'],
      ['extraordinary_general', 'general_meeting'],
      ['forum', 'forum'],
    ] as const;
    it.each(kinds)('a %s meeting numbers as %s', (kind, body) => {
      const state = fold(meetingDecider, [{ ...convened()[0], data: { ...(convened()[0].data as object), kind } } as MeetingEvent]);
      expect(resolutionBody(state)).toBe(body);
    });

    it('a working group numbers as group:<its id>', () => {
      const state = fold(meetingDecider, [{ ...convened()[0], data: { ...(convened()[0].data as object), kind: 'working_group', groupId: 'g7' } } as MeetingEvent]);
      expect(resolutionBody(state)).toBe('group:g7');
    });

    it('gives the facts of a closed vote only', () => {
      const events = [...open, voteOpened(), closedVote];
      expect(resolutionFacts(fold(meetingDecider, events), 'v1')).toMatchObject({ meetingId: 'mt1', voteId: 'v1', meetingKind: 'general', outcome: 'adopted', resolution });
      expect(resolutionFacts(fold(meetingDecider, [...open, voteOpened()]), 'v1')).toBeUndefined();
      expect(resolutionFacts(fold(meetingDecider, events), 'v9')).toBeUndefined();
      expect(resolutionFacts(fold(meetingDecider, []), 'v1')).toBeUndefined();
    });
  });
});
