import { clusterCommandBodies } from '../src/cluster/cluster.commands';
import { clusterDecider } from '../src/cluster/cluster.decider';
import { coordinatorOffice, isCoordinator, mayRecordThePast } from '../src/cluster/cluster.state';
import { defaultCharter, defaultVacantOfficeConvener, type Charter } from '../src/cluster/charter';
import { requireNamedConvener, vacantOfficeConvenerText, type MemberForVacancy } from '../src/cluster/vacant-office';
import { Rejection } from '../src/shared/rejection';
import { electionDecider } from '../src/election/election.decider';
import { fold } from '../src/shared/decider';
import { meetingClusterFacts, type MeetingClusterFacts } from '../src/meeting/cluster-facts';
import { meetingDecider } from '../src/meeting/meeting.decider';
import { parseClusterEvent, type ClusterEvent } from '../src/cluster/cluster.events';
import { schemaVersionOf, upcast } from '../src/shared/upcast';
import type { MeetingCommand } from '../src/meeting/meeting.commands';
import type { MeetingEvent } from '../src/meeting/meeting.events';
import { specFor } from './given-when-then';
import { AT, foundCommand, founded, honoraryAdmitted } from './cluster.fixtures';
import { T0, facts } from './meeting.fixtures';
import { called, ecmd, roundOpened, standing } from './election.fixtures';

const clusterSpec = specFor(clusterDecider);
const meetingSpec = specFor(meetingDecider);
const electionSpec = specFor(electionDecider);
const ctx = (actor: string, at = '2016-02-01T09:00:00.000Z') => ({ clusterId: 'wmkes', actor, at });
const coordinatorWithdrew: ClusterEvent = { type: 'MemberWithdrew', data: { memberId: 'm1', withdrawnOn: '2016-01-15', writtenNoticeRef: 'W/1/2016' } };
const named = (memberId: string): Partial<Charter> => ({ convenerWhileVacant: { kind: 'named_member', memberId } });

/** Meeting facts of a cluster whose coordinator (m1, p1) withdrew: the office is vacant. */
function vacant(charter: Partial<Charter> = {}, withdrawn: string[] = ['m1']): MeetingClusterFacts {
  const f = facts(charter);
  return { ...f, coordinatorPersonId: null, members: f.members.map((m) => (withdrawn.includes(m.memberId) ? { ...m, status: 'withdrawn' as const } : m)) };
}

const mcmd = <T extends MeetingCommand['type']>(type: T, actor: string, rest: object, cluster: MeetingClusterFacts) =>
  ({ type, meetingId: 'ozc-1', actor, at: T0, cluster, ...rest }) as unknown as Extract<MeetingCommand, { type: T }>;
const convene = (actor: string, cluster: MeetingClusterFacts, kind = 'general') =>
  mcmd('ConveneMeeting', actor, { clusterId: 'c1', kind, title: 'Nadzwyczajne Zebranie', scheduledFor: T0, venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Wybór lidera' }] }, cluster);
const convenedBy = (personId: string, kind: 'general' | 'council' = 'general'): MeetingEvent[] => [
  {
    type: 'MeetingConvened',
    data: { meetingId: 'ozc-1', clusterId: 'c1', kind, title: 'Nadzwyczajne Zebranie', scheduledFor: T0, venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Wybór lidera' }], convenedBy: personId },
  },
];

describe('a vacant office', () => {
  describe('the cluster', () => {
    it('shows the office vacant since the day its member withdrew, and nobody acts as the coordinator', () => {
      expect(coordinatorOffice(fold(clusterDecider, founded()))).toEqual({ status: 'held', memberId: 'm1', since: AT });
      const state = fold(clusterDecider, [...founded(), coordinatorWithdrew]);
      expect(coordinatorOffice(state)).toEqual({ status: 'vacant', vacantSince: '2016-01-15', lastMemberId: 'm1' });
      expect(isCoordinator(state, 'p1')).toBe(false);
      expect(mayRecordThePast(state, 'p1')).toBe(false);
      expect(meetingClusterFacts(state).coordinatorPersonId).toBeNull();
      // Another member withdrawing leaves the office held.
      const other: ClusterEvent = { type: 'MemberWithdrew', data: { memberId: 'm3', withdrawnOn: '2016-01-15', writtenNoticeRef: 'W/3' } };
      expect(coordinatorOffice(fold(clusterDecider, [...founded(), other])).status).toBe('held');
    });

    it('is filled again by the next coordinator', () => {
      const appointed: ClusterEvent = { type: 'CoordinatorAppointed', data: { memberId: 'm2', appointedAt: '2016-03-01T10:00:00.000Z', electionId: 'wmkes.wybory' } };
      const state = fold(clusterDecider, [...founded(), coordinatorWithdrew, appointed]);
      expect(coordinatorOffice(state)).toEqual({ status: 'held', memberId: 'm2', since: '2016-03-01T10:00:00.000Z' });
      expect(isCoordinator(state, 'p2')).toBe(true);
    });

    it('is acted for under the charter: by default any voting member’s representative hands coordination over, nobody else', () => {
      const given = [...founded(), honoraryAdmitted, coordinatorWithdrew];
      clusterSpec(given).when({ ...ctx('p2'), type: 'AppointCoordinator', memberId: 'm3' }).thenContains([{ type: 'CoordinatorAppointed' }]);
      clusterSpec(given).when({ ...ctx('p9'), type: 'AppointCoordinator', memberId: 'm3' }).rejects('forbidden', /vacant.*any voting member/);
      clusterSpec(given).when({ ...ctx('p1'), type: 'AppointCoordinator', memberId: 'm3' }).rejects('forbidden', /vacant: under the charter any voting member's representative acts for it/);
    });

    it('under a charter naming a member, only that member’s representative acts for it — any voting member’s once it withdrew too', () => {
      const given = [...founded({ charter: named('m3') }), coordinatorWithdrew];
      clusterSpec(given).when({ ...ctx('p2'), type: 'AppointCoordinator', memberId: 'm2' }).rejects('forbidden', /representative of m3/);
      clusterSpec(given).when({ ...ctx('p3'), type: 'AppointCoordinator', memberId: 'm2' }).thenContains([{ type: 'CoordinatorAppointed' }]);
      const m3Withdrew: ClusterEvent = { type: 'MemberWithdrew', data: { memberId: 'm3', withdrawnOn: '2016-01-20', writtenNoticeRef: 'W/3' } };
      clusterSpec([...given, m3Withdrew]).when({ ...ctx('p2'), type: 'AppointCoordinator', memberId: 'm2' }).thenContains([{ type: 'CoordinatorAppointed' }]);
    });

    it('refuses a charter that names a member the cluster does not have, at founding and in an amendment', () => {
      clusterSpec([]).when(foundCommand({ charter: named('m7') })).rejects('rule_broken', /m7/);
      expect(clusterSpec([]).when(foundCommand({ charter: named('m2') })).events()[0]).toMatchObject({ type: 'ClusterFounded', data: { charter: named('m2') } });
      const propose = (memberId: string) => ({
        ...ctx('p2'),
        type: 'ProposeAmendment' as const,
        amendmentId: 'a1',
        memberId: 'm2',
        change: { kind: 'replace' as const, section: '§ 1', text: 'Nowy cel.' },
        charterChange: named(memberId),
        rationale: 'Zastępca koordynatora',
      });
      clusterSpec(founded()).when(propose('m7')).rejects('rule_broken', /m7/);
      clusterSpec(founded()).when(propose('m3')).thenContains([{ type: 'AmendmentProposed' }]);
    });
  });

  describe('who acts for it, in words', () => {
    const member = (memberId: string, over: Partial<MemberForVacancy> = {}): MemberForVacancy => ({ memberId, kind: 'ordinary', status: 'active', personId: `p-${memberId}`, ...over });
    const anyVoting = "any voting member's representative";

    it('names the member the charter names while it is an active voting member, else any voting member', () => {
      const rule = { kind: 'named_member' as const, memberId: 'm2' };
      expect(vacantOfficeConvenerText(rule, [member('m1'), member('m2')])).toBe('the representative of m2, as the charter names it');
      expect(vacantOfficeConvenerText(rule, [member('m1'), member('m2', { status: 'withdrawn' })])).toBe(anyVoting);
      expect(vacantOfficeConvenerText(rule, [member('m1'), member('m2', { kind: 'honorary' })])).toBe(anyVoting);
      expect(vacantOfficeConvenerText(rule, [member('m1'), member('m3')])).toBe(anyVoting);
      expect(vacantOfficeConvenerText(defaultVacantOfficeConvener, [member('m2')])).toBe(anyVoting);
    });

    it('refuses a charter naming an unknown member with its reason and stable code', () => {
      let refusal: unknown;
      try {
        requireNamedConvener({ convenerWhileVacant: { kind: 'named_member', memberId: 'm7' } }, ['m1', 'm2']);
      } catch (e) {
        refusal = e;
      }
      expect(refusal).toBeInstanceOf(Rejection);
      expect({ kind: (refusal as Rejection).kind, code: (refusal as Rejection).code, message: (refusal as Rejection).message }).toEqual({
        kind: 'rule_broken',
        code: 'unknown_member',
        message: "The charter names m7 to convene the general meeting while the coordinator's office is vacant, but it is not a member",
      });
    });
  });

  describe('charters stored before the field', () => {
    const { convenerWhileVacant: _c, ...oldCharter } = defaultCharter;

    it('read with the default (any voting member) and are written with it from now on', () => {
      expect(schemaVersionOf('ClusterFounded')).toBe(2);
      expect(schemaVersionOf('CharterAmended')).toBe(2);
      const stored = { clusterId: 'old', name: 'Old', foundedOn: '2014-11-21', coordinatorMemberId: 'm1', charter: oldCharter, agreement: { version: 1, title: 't', sections: [], textHash: 'a'.repeat(64) } };
      expect(() => parseClusterEvent('ClusterFounded', stored)).toThrow();
      const read = parseClusterEvent('ClusterFounded', upcast('ClusterFounded', 1, stored));
      expect(read.type === 'ClusterFounded' && read.data.charter.convenerWhileVacant).toEqual({ kind: 'any_voting_member' });
      expect(stored.charter).not.toHaveProperty('convenerWhileVacant');
      const amended = upcast('CharterAmended', 1, { version: 2, charter: { ...oldCharter, proxiesAllowed: true }, amendmentId: 'a1', effectiveOn: '2016-01-01' }) as { charter: Charter };
      expect(amended.charter.convenerWhileVacant).toEqual({ kind: 'any_voting_member' });
      // A charter that carried one keeps it.
      const keep = upcast('CharterAmended', 1, { version: 2, charter: { ...oldCharter, ...named('m2') }, amendmentId: 'a1', effectiveOn: '2016-01-01' }) as { charter: Charter };
      expect(keep.charter.convenerWhileVacant).toEqual({ kind: 'named_member', memberId: 'm2' });
    });

    it('in a request: a founding charter without it gets the default, an amendment that does not name it leaves it alone', () => {
      const body = clusterCommandBodies.FoundCluster.parse({
        clusterId: 'k',
        name: 'K',
        foundedOn: '2014-11-21',
        coordinatorMemberId: 'm1',
        foundingMembers: [{ memberId: 'm1', organisation: { name: 'O', sector: 'other' }, representative: { personId: 'p1', role: 'Prezes' } }],
        agreement: { title: 'T', sections: [{ number: '§ 1', text: 'x' }] },
        charter: oldCharter,
      });
      expect(body.charter.convenerWhileVacant).toEqual({ kind: 'any_voting_member' });
      const amendment = clusterCommandBodies.ProposeAmendment.parse({
        amendmentId: 'a1',
        memberId: 'm2',
        change: { kind: 'remove', section: '§ 2' },
        charterChange: { proxiesAllowed: true },
        rationale: 'r',
      });
      expect(amendment.charterChange).toEqual({ proxiesAllowed: true });
    });
  });

  describe('the general meeting that elects a new leader', () => {
    it('is convened by any voting member’s representative while the office is vacant; no other meeting is, by anyone', () => {
      meetingSpec([]).when(convene('p2', vacant())).thenContains([{ type: 'MeetingConvened', data: expect.objectContaining({ kind: 'general', convenedBy: 'p2' }) }]);
      meetingSpec([]).when(convene('p2', vacant(), 'extraordinary_general')).thenContains([{ type: 'MeetingConvened' }]);
      meetingSpec([]).when(convene('p2', vacant(), 'council')).rejects('forbidden', /Only the coordinator/);
      meetingSpec([]).when(convene('ph', vacant())).rejects('forbidden', /vacant/);
      meetingSpec([]).when(convene('p1', vacant())).rejects('forbidden', /vacant/);
      // While the office is held, only the coordinator convenes.
      meetingSpec([]).when(convene('p2', facts())).rejects('forbidden', /Only the coordinator/);
    });

    it('under a charter naming a member, is convened by that member’s representative alone', () => {
      meetingSpec([]).when(convene('p2', vacant(named('m3')))).rejects('forbidden', /representative of m3/);
      meetingSpec([]).when(convene('p3', vacant(named('m3')))).thenContains([{ type: 'MeetingConvened' }]);
      meetingSpec([]).when(convene('p2', vacant(named('m3'), ['m1', 'm3']))).thenContains([{ type: 'MeetingConvened' }]);
    });

    it('is run by its convener (open, attendance of others, votes, close); by another only once the convener can no longer act', () => {
      meetingSpec(convenedBy('p2')).when(mcmd('OpenMeeting', 'p2', {}, vacant())).thenContains([{ type: 'MeetingOpened' }]);
      meetingSpec(convenedBy('p2')).when(mcmd('OpenMeeting', 'p3', {}, vacant())).rejects('forbidden', /vacant/);
      const open: MeetingEvent[] = [...convenedBy('p2'), { type: 'MeetingOpened', data: { openedAt: T0 } }];
      meetingSpec(open).when(mcmd('RecordAttendance', 'p2', { memberId: 'm4', presence: 'in_person' }, vacant())).thenContains([{ type: 'AttendanceRecorded' }]);
      meetingSpec(open).when(mcmd('RecordAttendance', 'p3', { memberId: 'm4', presence: 'in_person' }, vacant())).rejects('forbidden', /Attendance is recorded by the coordinator or by the member itself/);
      // The convener withdrew: anyone who acts for the office runs it.
      meetingSpec(convenedBy('p2')).when(mcmd('OpenMeeting', 'p3', {}, vacant({}, ['m1', 'm2']))).thenContains([{ type: 'MeetingOpened' }]);
      // A general meeting the coordinator convened before it withdrew is run by whoever acts for the office.
      meetingSpec(convenedBy('p1')).when(mcmd('OpenMeeting', 'p4', {}, vacant())).thenContains([{ type: 'MeetingOpened' }]);
      // A council meeting convened before the withdrawal waits for a coordinator.
      meetingSpec(convenedBy('p1', 'council')).when(mcmd('OpenMeeting', 'p4', {}, vacant())).rejects('forbidden', /Only the coordinator/);
    });

    it('holds the election: called by who acts for the office under the charter, conducted by its caller', () => {
      const call = (actor: string, s = {}) => ecmd('CallElection', actor, { clusterId: 'c1', meetingId: 'ozc-1', reason: 'Koordynator wypowiedział porozumienie' }, s);
      const withNamed = (actor: string) => ({ ...call(actor), cluster: vacant(named('m3')) });
      electionSpec([]).when(withNamed('p2')).rejects('forbidden', /representative of m3/);
      electionSpec([]).when(withNamed('p3')).thenContains([{ type: 'ElectionCalled' }]);

      const calledByP2 = { ...called(), data: { ...(called().data as object), calledBy: 'p2' } } as ReturnType<typeof called>;
      const running = [calledByP2, ...standing('m3', 'm4')];
      const open = (actor: string, cluster: MeetingClusterFacts) => ({ ...ecmd('OpenRound', actor), cluster });
      electionSpec(running).when(open('p2', vacant())).thenContains([{ type: 'RoundOpened' }]);
      electionSpec(running).when(open('p3', vacant())).rejects('forbidden', /Only the coordinator or whoever called the election may open a round/);
      // The caller withdrew: another voting member's representative conducts it.
      electionSpec(running).when(open('p3', vacant({}, ['m1', 'm2']))).thenContains([{ type: 'RoundOpened' }]);
      // The coordinator called it, then withdrew: whoever acts for the office closes the round.
      const byCoordinator = [called(), ...standing('m3', 'm4'), roundOpened(1, ['m3', 'm4'])];
      expect(electionSpec(byCoordinator).when({ ...ecmd('CloseRound', 'p4'), cluster: vacant() }).events()[0].type).toBe('RoundClosed');
      electionSpec(byCoordinator).when({ ...ecmd('CloseRound', 'ph'), cluster: vacant() }).rejects('forbidden', /Only the coordinator or whoever called the election may close a round/);
    });
  });
});
