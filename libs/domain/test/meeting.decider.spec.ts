import { meetingDecider } from '../src/meeting/meeting.decider';
import { fold } from '../src/shared/decider';
import { resolutionRegisterDecider } from '../src/meeting/resolution-register';
import type { Choice } from '../src/meeting/voting-rules';
import type { MeetingEvent } from '../src/meeting/meeting.events';
import { specFor } from './given-when-then';
import { T0, ballot, cmd, convened, facts, present, resolution, voteOpened } from './meeting.fixtures';

const given = specFor(meetingDecider);
const close = (charter = {}, weights = {}, unsealed?: Record<string, Choice>) =>
  cmd('CloseVote', 'p1', { voteId: 'v1', ...(unsealed ? { unsealed } : {}) }, charter, weights);
const closedWith = (events: MeetingEvent[]) => (events[0] as Extract<MeetingEvent, { type: 'VoteClosed' }>).data;

describe('meeting decider', () => {
  describe('convening and running a meeting', () => {
    it('is convened by the coordinator with its agenda', () => {
      given([])
        .when(cmd('ConveneMeeting', 'p1', { clusterId: 'c1', kind: 'council', title: 'Rada', scheduledFor: T0, venue: { mode: 'online', url: 'https://meet.example/rada' }, agenda: [] }))
        .thenContains([{ type: 'MeetingConvened' }]);
      given([])
        .when(cmd('ConveneMeeting', 'p2', { clusterId: 'c1', kind: 'council', title: 'Rada', scheduledFor: T0, venue: { mode: 'online' }, agenda: [] }))
        .rejects('forbidden', /Only the coordinator may convene this meeting/);
    });

    it('records attendance (present, online, left); an honorary member attends where the charter allows', () => {
      given(convened()).when(cmd('RecordAttendance', 'p2', { memberId: 'm2', presence: 'online' })).thenContains([{ type: 'AttendanceRecorded' }]);
      given(convened()).when(cmd('RecordAttendance', 'p1', { memberId: 'h1', presence: 'in_person' })).thenContains([{ type: 'AttendanceRecorded' }]);
      given(convened())
        .when(cmd('RecordAttendance', 'p1', { memberId: 'h1', presence: 'in_person' }, { honoraryMembersAttend: false }))
        .rejects('rule_broken', /honorary/);
      given(convened()).when(cmd('RecordAttendance', 'p3', { memberId: 'm2', presence: 'online' })).rejects('forbidden', /Attendance is recorded by the coordinator or by the member itself/);
    });

    it('cannot close while a vote is open, and cannot be cancelled once opened', () => {
      given([...convened(), voteOpened()]).when(cmd('CloseMeeting', 'p1')).rejects('rule_broken', /open vote/);
      given(convened()).when(cmd('CancelMeeting', 'p1', { reason: 'x' })).rejects('rule_broken', /The meeting is open and cannot be cancelled \(only a meeting not yet opened can be\)/);
      given(convened().slice(0, 1)).when(cmd('CancelMeeting', 'p1', { reason: 'Brak sali' })).then([{ type: 'MeetingCancelled', data: { reason: 'Brak sali' } }]);
    });
  });

  describe('ballots', () => {
    const open = [...convened(), ...present('m1', 'm2', 'm3', 'h1'), voteOpened()];

    it('takes one ballot per entitled, present member', () => {
      given(open).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'yes' })).then([ballot('m2', 'yes')]);
      given([...open, ballot('m2', 'yes')]).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'no' })).rejects('conflict', /correct/);
    });

    it('refuses an honorary member and an absent member', () => {
      given(open).when(cmd('CastBallot', 'ph', { voteId: 'v1', memberId: 'h1', choice: 'yes' })).rejects('rule_broken', /Honorary/);
      given(open).when(cmd('CastBallot', 'p4', { voteId: 'v1', memberId: 'm4', choice: 'yes' })).rejects('rule_broken', /not recorded as present/);
    });

    it('refuses a member who left, and someone voting for another member', () => {
      const left: MeetingEvent = { type: 'AttendanceRecorded', data: { memberId: 'm3', personId: 'p3', presence: 'left', at: T0 } };
      given([...open, left]).when(cmd('CastBallot', 'p3', { voteId: 'v1', memberId: 'm3', choice: 'yes' })).rejects('rule_broken', /m3 is not recorded as present and cannot vote/);
      given(open).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm3', choice: 'yes' })).rejects('forbidden', /Only the representative of m3, or the holder of its proxy, may vote for it/);
    });

    it('corrects a ballot while the vote is open: a new event, counted once', () => {
      const events = given([...open, ballot('m2', 'yes')]).when(cmd('CorrectBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'no' })).events();
      expect(events).toEqual([{ type: 'BallotCorrected', data: { ...ballot('m2', 'no').data } }]);
      const state = fold(meetingDecider, [...open, ballot('m2', 'yes'), ...events]);
      expect(state.votes.v1.ballots.get('m2')).toMatchObject({ choice: 'no', corrections: 1 });
      const closed = closedWith(given([...open, ballot('m2', 'yes'), ...events, ballot('m3', 'yes')]).when(close()).events());
      expect(closed.tally).toEqual({ yes: 1, no: 1, abstain: 0 });
      expect(closed.ballots).toBe(2);
    });

    it('refuses ballots once the vote is closed', () => {
      const closedEvents = given(open).when(close()).events();
      given([...open, ...closedEvents]).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'yes' })).rejects('rule_broken', /closed/);
    });

    it('keeps a secret ballot sealed: the event says who voted, never what', () => {
      const secret = [...convened(), ...present('m2'), voteOpened(undefined, 'secret')];
      const [event] = given(secret).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'yes', sealedChoice: 'c2VhbGVk' })).events();
      expect(event.data).toMatchObject({ memberId: 'm2', sealedChoice: 'c2VhbGVk' });
      expect(JSON.stringify(event.data)).not.toMatch(/"choice"/);
      given(secret).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'yes' })).rejects('rule_broken', /sealed/);
    });
  });

  describe('proxies', () => {
    const base = [...convened(), ...present('m1', 'm2')];
    const proxy: MeetingEvent = { type: 'ProxyRegistered', data: { grantorMemberId: 'm4', holderMemberId: 'm2', documentRef: 'Pełnomocnictwo 1/2024' } };

    it('is registered for a present holder only where the charter allows', () => {
      given(base)
        .when(cmd('RegisterProxy', 'p2', { grantorMemberId: 'm4', holderMemberId: 'm2', documentRef: 'Pełnomocnictwo 1/2024' }, { proxiesAllowed: true }))
        .then([proxy]);
      given(base).when(cmd('RegisterProxy', 'p2', { grantorMemberId: 'm4', holderMemberId: 'm2', documentRef: 'x' })).rejects('rule_broken', /does not allow/);
      given(base)
        .when(cmd('RegisterProxy', 'p3', { grantorMemberId: 'm4', holderMemberId: 'm3', documentRef: 'x' }, { proxiesAllowed: true }))
        .rejects('rule_broken', /must be present/);
    });

    it('lets the holder vote for the grantor, and counts the grantor as present for the quorum', () => {
      const opened = [...base, proxy, voteOpened({ quorum: { kind: 'fraction_of_members', fraction: 0.6 }, majority: 'simple' })];
      given(opened)
        .when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm4', choice: 'yes' }, { proxiesAllowed: true }))
        .then([ballot('m4', 'yes', 1, 'm2')]);
      // m1, m2 present + m4 by proxy = 3 of 5 = 0.6
      const closed = closedWith(given([...opened, ballot('m4', 'yes', 1, 'm2'), ballot('m2', 'yes')]).when(close({ proxiesAllowed: true })).events());
      expect(closed.quorum).toEqual({ entitled: 5, present: 3, reached: true });
      expect(closed.outcome).toBe('adopted');
    });

    it('once revoked, no longer lets the holder vote, nor counts the grantor present', () => {
      const revoked: MeetingEvent = { type: 'ProxyRevoked', data: { grantorMemberId: 'm4', holderMemberId: 'm2' } };
      const opened = [...base, proxy, revoked, voteOpened({ quorum: { kind: 'fraction_of_members', fraction: 0.6 }, majority: 'simple' })];
      given(opened).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm4', choice: 'yes' }, { proxiesAllowed: true })).rejects('forbidden', /Only the representative of m4, or the holder of its proxy, may vote for it/);
      const closed = closedWith(given([...opened, ballot('m2', 'yes')]).when(close({ proxiesAllowed: true })).events());
      expect(closed.quorum.reached).toBe(false);
      expect(closed.outcome).toBe('rejected');
    });
  });

  describe('closing a vote into a numbered resolution', () => {
    const rule = (majority: string, fraction = 0.5) => ({ quorum: { kind: 'fraction_of_members' as const, fraction }, majority: majority as 'simple' });
    const run = (majority: string, ballots: MeetingEvent[], presentMembers = ['m1', 'm2', 'm3', 'm4', 'm5']) =>
      closedWith(given([...convened(), ...present(...presentMembers), voteOpened(rule(majority)), ...ballots]).when(close()).events());

    it('records counts, quorum, the charter version, the rule and the frozen voter snapshot', () => {
      const closed = run('simple', [ballot('m1', 'yes'), ballot('m2', 'yes'), ballot('m3', 'no')]);
      expect(closed).toMatchObject({
        voteId: 'v1',
        outcome: 'adopted',
        tally: { yes: 2, no: 1, abstain: 0 },
        ballots: 3,
        quorum: { entitled: 5, present: 5, reached: true },
        charterVersion: 1,
        rule: rule('simple'),
      });
      expect(closed.entitledVoters.map((v) => v.memberId)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
      // The number is the register's to give, afterwards (a refused close must not take one).
      expect(closed.resolution).toBeUndefined();
    });

    it.each([
      ['simple', 'a tie', [ballot('m1', 'yes'), ballot('m2', 'no')], 'rejected'],
      ['simple', 'all abstain', [ballot('m1', 'abstain'), ballot('m2', 'abstain')], 'rejected'],
      ['absolute_of_cast', 'exactly half yes', [ballot('m1', 'yes'), ballot('m2', 'no'), ballot('m3', 'abstain'), ballot('m4', 'yes')], 'rejected'],
      ['absolute_of_cast', 'more than half yes', [ballot('m1', 'yes'), ballot('m2', 'yes'), ballot('m3', 'abstain')], 'adopted'],
      ['absolute_of_members', '2 of 5 members', [ballot('m1', 'yes'), ballot('m2', 'yes')], 'rejected'],
      ['absolute_of_members', '3 of 5 members', [ballot('m1', 'yes'), ballot('m2', 'yes'), ballot('m3', 'yes')], 'adopted'],
      ['two_thirds_of_cast', 'exactly two thirds', [ballot('m1', 'yes'), ballot('m2', 'yes'), ballot('m3', 'no')], 'adopted'],
      ['two_thirds_of_cast', 'under two thirds', [ballot('m1', 'yes'), ballot('m2', 'yes'), ballot('m3', 'no'), ballot('m4', 'abstain')], 'rejected'],
      ['unanimity', 'all yes', [ballot('m1', 'yes'), ballot('m2', 'yes')], 'adopted'],
      ['unanimity', 'one abstains', [ballot('m1', 'yes'), ballot('m2', 'abstain')], 'rejected'],
    ] as const)('%s with %s → %s', (majority, _label, ballots, outcome) => {
      expect(run(majority, [...ballots]).outcome).toBe(outcome);
    });

    it('rejects without quorum even when all present vote yes; exactly half present is a quorum', () => {
      expect(run('simple', [ballot('m1', 'yes'), ballot('m2', 'yes')], ['m1', 'm2']).quorum.reached).toBe(false);
      expect(run('simple', [ballot('m1', 'yes'), ballot('m2', 'yes')], ['m1', 'm2']).outcome).toBe('rejected');
      const evenFacts = [...convened(), ...present('m1', 'm2'), voteOpened(rule('simple', 0.4)), ballot('m1', 'yes')];
      expect(closedWith(given(evenFacts).when(close()).events()).quorum).toMatchObject({ present: 2, reached: true });
    });

    it('counts weights when the charter allows them', () => {
      const opened = [...convened(), ...present('m1', 'm2', 'm3'), voteOpened(rule('simple', 0.1))];
      const closed = closedWith(given([...opened, ballot('m1', 'yes', 3), ballot('m2', 'no'), ballot('m3', 'no')]).when(close({ weightedVoting: true }, { m1: 3 })).events());
      expect(closed.tally).toEqual({ yes: 3, no: 2, abstain: 0 });
      expect(closed.outcome).toBe('adopted');
      expect(closed.entitledVoters.find((v) => v.memberId === 'm1')?.weight).toBe(3);
      given(opened).when(cmd('CastBallot', 'p1', { voteId: 'v1', memberId: 'm1', choice: 'yes' }, { weightedVoting: true }, { m1: 3 })).then([ballot('m1', 'yes', 3)]);
    });

    it('does not count the ballot of a member who withdrew before the vote closed', () => {
      const opened = [...convened(), ...present('m1', 'm2', 'm3'), voteOpened(rule('simple', 0.1)), ballot('m1', 'yes'), ballot('m2', 'no'), ballot('m3', 'no')];
      const withdrawn = { ...facts(), members: facts().members.map((m) => (m.memberId === 'm3' ? { ...m, status: 'withdrawn' as const } : m)) };
      const closed = closedWith(given(opened).when({ ...close(), cluster: withdrawn }).events());
      expect(closed.tally).toEqual({ yes: 1, no: 1, abstain: 0 });
      expect(closed.entitledVoters).toHaveLength(4);
    });

    it('counts secret ballots from the unsealed choices only', () => {
      const sealed = (m: string): MeetingEvent => ({ type: 'BallotCast', data: { voteId: 'v1', memberId: m, castBy: m.replace('m', 'p'), viaProxyOf: null, weight: 1, sealedChoice: 'x' } });
      const opened = [...convened(), ...present('m1', 'm2', 'm3'), voteOpened(rule('simple', 0.1), 'secret'), sealed('m1'), sealed('m2'), sealed('m3')];
      const closed = closedWith(given(opened).when(close({}, {}, { m1: 'yes', m2: 'yes', m3: 'no' })).events());
      expect(closed.tally).toEqual({ yes: 2, no: 1, abstain: 0 });
      given(opened).when(close({}, {}, { m1: 'yes' })).rejects('rule_broken', /could not be opened/);
    });
  });

  describe('minutes', () => {
    const approvalVote = voteOpened(undefined, 'named', { kind: 'minutes_approval' });
    const drafted: MeetingEvent = { type: 'MinutesDrafted', data: { version: 1, text: 'Protokół' } };
    const numbered: MeetingEvent = { type: 'ResolutionNumbered', data: { voteId: 'v1', resolution } };
    const closedVote = (outcome: 'adopted' | 'rejected'): MeetingEvent => ({
      type: 'VoteClosed',
      data: { voteId: 'v1', outcome, tally: { yes: 1, no: 0, abstain: 0 }, ballots: 1, quorum: { entitled: 5, present: 3, reached: true }, charterVersion: 1, rule: { quorum: { kind: 'none' }, majority: 'simple' }, entitledVoters: [], closedAt: T0 },
    });

    it('are drafted, corrected, approved by an adopted vote, then locked', () => {
      given(convened()).when(cmd('DraftMinutes', 'p1', { text: 'Protokół' })).then([drafted]);
      given([...convened(), drafted]).when(cmd('CorrectMinutes', 'p1', { text: 'Protokół poprawiony' })).then([{ type: 'MinutesCorrected', data: { version: 2, text: 'Protokół poprawiony' } }]);
      const approvedBy = [...convened(), drafted, approvalVote, closedVote('adopted'), numbered];
      given(approvedBy).when(cmd('ApproveMinutes', 'p1', { voteId: 'v1' })).then([{ type: 'MinutesApproved', data: { version: 1, voteId: 'v1', resolution } }]);
      const approved: MeetingEvent = { type: 'MinutesApproved', data: { version: 1, voteId: 'v1', resolution } };
      given([...approvedBy, approved]).when(cmd('LockMinutes', 'p1')).then([{ type: 'MinutesLocked', data: { version: 1 } }]);
      given([...approvedBy, approved, { type: 'MinutesLocked', data: { version: 1 } }]).when(cmd('CorrectMinutes', 'p1', { text: 'x' })).rejects('rule_broken', /locked/);
    });

    it('wait for the approving vote to be numbered', () => {
      given([...convened(), drafted, approvalVote, closedVote('adopted')]).when(cmd('ApproveMinutes', 'p1', { voteId: 'v1' })).rejects('conflict', /not numbered yet/);
    });

    it('are not approved by a rejected vote, nor by a vote on something else', () => {
      given([...convened(), drafted, approvalVote, closedVote('rejected'), numbered]).when(cmd('ApproveMinutes', 'p1', { voteId: 'v1' })).rejects('rule_broken', /did not approve/);
      given([...convened(), drafted, voteOpened(), closedVote('adopted'), numbered]).when(cmd('ApproveMinutes', 'p1', { voteId: 'v1' })).rejects('rule_broken', /minutes-approval/);
    });
  });

  describe('a vote recorded from its minutes by its counts only', () => {
    const rule = (majority: string, quorum: object = { kind: 'fraction_of_members', fraction: 0.5 }) => ({ quorum, majority }) as never;
    // Old minutes name no one: the meeting may not even have its attendance on record.
    const opened = (r = rule('simple'), secrecy: 'named' | 'secret' = 'named') => [...convened(), voteOpened(r, secrecy)];
    const counts = (yes: number, no: number, abstain: number, present: number, charter = {}, weights = {}) =>
      cmd('RecordVoteCounts', 'p1', { voteId: 'v1', counts: { yes, no, abstain, present }, minutes: 'Protokół nr 3/2016' }, charter, weights);
    const recorded = (events: MeetingEvent[]) => (events[0] as Extract<MeetingEvent, { type: 'VoteCountsRecorded' }>).data;
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return undefined;
    };

    it('closes the vote under the rule it opened with, judged on the voters entitled that day; the state says it came from the minutes', () => {
      const events = given(opened()).when(counts(3, 1, 0, 4)).events();
      expect(events).toEqual([
        {
          type: 'VoteCountsRecorded',
          data: {
            voteId: 'v1',
            outcome: 'adopted',
            tally: { yes: 3, no: 1, abstain: 0 },
            quorum: { entitled: 5, present: 4, reached: true },
            charterVersion: 1,
            rule: rule('simple'),
            entitledVoters: ['m1', 'm2', 'm3', 'm4', 'm5'].map((memberId) => ({ memberId, weight: 1 })),
            minutes: 'Protokół nr 3/2016',
            closedAt: T0,
          },
        },
      ]);
      const vote = fold(meetingDecider, [...opened(), ...events]).votes.v1;
      expect(vote).toMatchObject({ status: 'closed', ballots: {}, result: { outcome: 'adopted', fromMinutes: 'Protokół nr 3/2016' } });
      // A secret vote never had names: its counts are all the minutes give.
      expect(recorded(given(opened(rule('simple'), 'secret')).when(counts(2, 1, 0, 3)).events()).outcome).toBe('adopted');
    });

    it('is rejected when the rule is not met (a tie; two thirds missed; not unanimous)', () => {
      expect(recorded(given(opened()).when(counts(2, 2, 0, 4)).events()).outcome).toBe('rejected');
      expect(recorded(given(opened(rule('two_thirds_of_cast'))).when(counts(3, 1, 1, 5)).events()).outcome).toBe('rejected');
      expect(recorded(given(opened(rule('two_thirds_of_cast'))).when(counts(4, 1, 0, 5)).events()).outcome).toBe('adopted');
      expect(recorded(given(opened(rule('unanimity'))).when(counts(4, 0, 1, 5)).events()).outcome).toBe('rejected');
      // An absolute majority of all voting members counts those absent too: 2 of 5 is not one.
      expect(recorded(given(opened(rule('absolute_of_members'))).when(counts(2, 0, 0, 2)).events()).outcome).toBe('rejected');
    });

    it('is rejected without quorum, whatever the votes; exactly the fraction present is a quorum', () => {
      const without = recorded(given(opened()).when(counts(2, 0, 0, 2)).events());
      expect(without).toMatchObject({ outcome: 'rejected', quorum: { entitled: 5, present: 2, reached: false } });
      const exactly = recorded(given(opened(rule('simple', { kind: 'fraction_of_members', fraction: 0.4 }))).when(counts(2, 0, 0, 2)).events());
      expect(exactly).toMatchObject({ outcome: 'adopted', quorum: { present: 2, reached: true } });
    });

    it('refuses counts that do not add up: more votes than present, more present than entitled, fractions of a member', () => {
      const refused = (c: ReturnType<typeof counts>, message: RegExp) => {
        given(opened()).when(c).rejects('rule_broken', message);
        expect(codeOf(() => given(opened()).when(c).events())).toBe('counts_do_not_add_up');
      };
      refused(counts(3, 1, 1, 4), /Protokół nr 3\/2016 do not add up: 5 votes cast by 4 present/);
      refused(counts(3, 1, 0, 6), /6 present, but only 5 were entitled/);
      refused(counts(4, 2, 0, 5), /6 votes cast, but the entitled voters have 5/);
      refused(counts(2.5, 1, 0, 4), /whole numbers/);
      // Honorary members never vote, so they are not among the entitled: h1 present adds nothing.
      refused(counts(1, 0, 0, 6), /only 5 were entitled/);
    });

    it('counts weight where the charter weighs votes', () => {
      const weighted = recorded(given(opened(rule('simple', { kind: 'fraction_of_weight', fraction: 0.5 }))).when(counts(3, 2, 0, 5, { weightedVoting: true }, { m1: 3 })).events());
      expect(weighted).toMatchObject({ outcome: 'adopted', quorum: { entitled: 7, present: 5, reached: true } });
      given(opened()).when(counts(8, 0, 0, 5, { weightedVoting: true }, { m1: 3 })).rejects('rule_broken', /8 votes cast, but the entitled voters have 7/);
    });

    it('refuses a vote with ballots already cast, a closed vote, an unknown vote, and anyone but the coordinator', () => {
      const withBallot = [...convened(), ...present('m1'), voteOpened(), ballot('m1', 'yes')];
      given(withBallot).when(counts(1, 0, 0, 1)).rejects('rule_broken', /1 ballot\(s\) were already cast/);
      expect(codeOf(() => given(withBallot).when(counts(1, 0, 0, 1)).events())).toBe('ballots_already_cast');
      const closed = [...opened(), ...given(opened()).when(counts(3, 0, 0, 3)).events()];
      given(closed).when(counts(3, 0, 0, 3)).rejects('conflict', /already closed/);
      given(convened()).when(counts(3, 0, 0, 3)).rejects('not_found', /Vote 'v1'/);
      given(opened()).when({ ...counts(3, 0, 0, 3), actor: 'p2' }).rejects('forbidden', /Only the coordinator may record a vote from its minutes/);
    });

    it('stays closed: no ballot is taken afterwards', () => {
      const closed = [...opened(), ...present('m2'), ...given(opened()).when(counts(3, 0, 0, 3)).events()];
      given(closed).when(cmd('CastBallot', 'p2', { voteId: 'v1', memberId: 'm2', choice: 'yes' })).rejects('rule_broken', /closed/);
    });
  });

  describe("recording the register's number (the reactor's command)", () => {
    const closed: MeetingEvent = {
      type: 'VoteClosed',
      data: { voteId: 'v1', outcome: 'adopted', tally: { yes: 1, no: 0, abstain: 0 }, ballots: 1, quorum: { entitled: 5, present: 3, reached: true }, charterVersion: 1, rule: { quorum: { kind: 'none' }, majority: 'simple' }, entitledVoters: [], closedAt: T0 },
    };
    const record = (number = resolution) => ({ type: 'RecordResolutionNumber' as const, meetingId: 'mt', voteId: 'v1', resolution: number, actor: '$klaster', at: T0 });
    const opened = [...convened(), ...present('m1'), voteOpened()];

    it('records the number on the closed vote, which then carries it', () => {
      given([...opened, closed]).when(record()).then([{ type: 'ResolutionNumbered', data: { voteId: 'v1', resolution } }]);
      expect(fold(meetingDecider, [...opened, closed, { type: 'ResolutionNumbered', data: { voteId: 'v1', resolution } }]).votes.v1.result?.resolution).toEqual(resolution);
    });

    it('records nothing the second time (a reaction repeated after a crash), and refuses another number', () => {
      const numberedAlready = [...opened, closed, { type: 'ResolutionNumbered' as const, data: { voteId: 'v1', resolution } }];
      given(numberedAlready).when(record()).then([]);
      given(numberedAlready).when(record({ ...resolution, number: '4/2024', sequence: 4 })).rejects('conflict', /already resolution 3\/2024/);
    });

    it('refuses a vote that is not closed', () => {
      given(opened).when(record()).rejects('not_found', /not closed/);
    });
  });
});

describe('resolution register', () => {
  const assign = (body: string, year: number, voteId: string) => ({ type: 'AssignResolutionNumber' as const, body, year, meetingId: 'mt', voteId });
  const registerGiven = specFor(resolutionRegisterDecider);
  const assigned = (body: string, year: number, sequence: number, voteId: string) => ({
    type: 'ResolutionNumberAssigned' as const,
    data: { body, year, sequence, number: `${sequence}/${year}`, meetingId: 'mt', voteId },
  });

  it('numbers resolutions per body and year, from 1 each year', () => {
    registerGiven([]).when(assign('council', 2024, 'v1')).then([assigned('council', 2024, 1, 'v1')]);
    registerGiven([assigned('council', 2024, 1, 'v1'), assigned('general_meeting', 2024, 1, 'v2')])
      .when(assign('council', 2024, 'v3'))
      .then([assigned('council', 2024, 2, 'v3')]);
    registerGiven([assigned('council', 2024, 1, 'v1')]).when(assign('council', 2025, 'v4')).then([assigned('council', 2025, 1, 'v4')]);
  });

  it('keeps the number a vote was given when asked again', () => {
    registerGiven([assigned('council', 2024, 1, 'v1')]).when(assign('council', 2024, 'v1')).then([]);
  });
});

describe('ballots in a log written before ballots were queued (they were appended without a revision check)', () => {
  const open = [...convened(), ...present('m1', 'm2'), voteOpened()];
  const closed: MeetingEvent = {
    type: 'VoteClosed',
    data: { voteId: 'v1', outcome: 'adopted', tally: { yes: 1, no: 0, abstain: 0 }, ballots: 1, quorum: { entitled: 5, present: 2, reached: true }, charterVersion: 1, rule: { quorum: { kind: 'none' }, majority: 'simple' }, entitledVoters: [], closedAt: T0 },
  };

  it('a ballot that lands after the close is kept as late and never counted', () => {
    const state = fold(meetingDecider, [...open, ballot('m1', 'yes'), closed, ballot('m2', 'no')]);
    expect([...state.votes.v1.ballots.keys()]).toEqual(['m1']);
    expect(state.lateBallots).toEqual([{ voteId: 'v1', memberId: 'm2' }]);
  });

  it('two racing ballots of one member count once (the later one)', () => {
    const state = fold(meetingDecider, [...open, ballot('m1', 'yes'), ballot('m1', 'no')]);
    expect(state.votes.v1.ballots.get('m1')).toMatchObject({ choice: 'no' });
    const closedNow = given([...open, ballot('m1', 'yes'), ballot('m1', 'no')]).when(close()).events();
    expect((closedNow[0] as Extract<MeetingEvent, { type: 'VoteClosed' }>).data.tally).toEqual({ yes: 0, no: 1, abstain: 0 });
  });
});
