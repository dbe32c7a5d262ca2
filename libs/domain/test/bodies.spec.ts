import { bodiesOf } from '../src/bodies/bodies';
import { clusterDecider } from '../src/cluster/cluster.decider';
import { fold } from '../src/shared/decider';
import { groupDecider } from '../src/group/group.decider';
import type { ClusterEvent } from '../src/cluster/cluster.events';
import type { GroupEvent } from '../src/group/group.events';
import { AT, founded, honoraryAdmitted } from './cluster.fixtures';

const group = (groupId: string, members: string[], extra: GroupEvent[] = []) =>
  fold(groupDecider, [
    { type: 'GroupRequested', data: { groupId, clusterId: 'wmkes', name: `Grupa ${groupId}`, purpose: 'Promocja', deadline: '2016-12-31', requestedBy: { kind: 'members', memberIds: members.slice(0, 1) }, requestedAt: AT } },
    ...members.map((memberId): GroupEvent => ({ type: 'MemberJoinedGroup', data: { memberId, joinedAt: AT } })),
    ...extra,
  ]);
const seats = (body: { members: { memberId: string; votes: boolean; weight: number }[] }) => body.members.map((m) => `${m.memberId}:${m.votes ? m.weight : '-'}`);

describe('bodies and who sits on them', () => {
  it('the council is one representative per member, the general meeting and the forum every member; honorary members sit without a vote', () => {
    const cluster = fold(clusterDecider, [...founded(), honoraryAdmitted]);
    const [council, general, forum] = ['council', 'general_meeting', 'forum'].map((id) => bodiesOf(cluster, []).find((b) => b.body === id)!);
    expect(council).toMatchObject({ kind: 'council', name: 'Rada Klastra', status: 'active', voting: 3 });
    expect(council.members.map((m) => [m.memberId, m.representative.personId])).toEqual([['m1', 'p1'], ['m2', 'p2'], ['m3', 'p3'], ['m9', 'p9']]);
    expect(seats(council)).toEqual(['m1:1', 'm2:1', 'm3:1', 'm9:-']);
    expect(seats(general)).toEqual(seats(council));
    expect(general.name).toBe('Ogólne Zebranie Członków');
    expect(forum).toMatchObject({ kind: 'forum', name: null, voting: 3 });
    expect(bodiesOf(cluster, []).map((b) => b.body)).toEqual(['council', 'general_meeting', 'forum']);
  });

  it('leaves out withdrawn members, and honorary members where the charter does not let them attend', () => {
    const withdrew: ClusterEvent = { type: 'MemberWithdrew', data: { memberId: 'm3', withdrawnOn: '2015-02-01', writtenNoticeRef: 'W/3' } };
    const cluster = fold(clusterDecider, [...founded({ charter: { honoraryMembersAttend: false } }), honoraryAdmitted, withdrew]);
    const bodies = bodiesOf(cluster, [group('g1', ['m2', 'm9'])]);
    expect(seats(bodies.find((b) => b.body === 'council')!)).toEqual(['m1:1', 'm2:1']);
    // A working group's members are its own: the honorary member that joined sits there, without a vote.
    expect(bodies.find((b) => b.body === 'group:g1')).toMatchObject({ kind: 'working_group', name: 'Grupa g1', groupId: 'g1', voting: 1 });
    expect(seats(bodies.find((b) => b.body === 'group:g1')!)).toEqual(['m2:1', 'm9:-']);
  });

  it('working groups are their members (in the order groups were requested); a member who left or withdrew sits no more; a dissolved group is no body', () => {
    const withdrew: ClusterEvent = { type: 'MemberWithdrew', data: { memberId: 'm3', withdrawnOn: '2015-02-01', writtenNoticeRef: 'W/3' } };
    const cluster = fold(clusterDecider, [...founded({ members: 5 }), withdrew]);
    const left: GroupEvent = { type: 'MemberLeftGroup', data: { memberId: 'm2', leftAt: AT, reason: 'left' } };
    const active: GroupEvent = { type: 'GroupBecameActive', data: { at: AT, memberCount: 3, minimumGroupSize: 3 } } as GroupEvent;
    const dissolved: GroupEvent = { type: 'GroupDissolved', data: { reason: 'Zadanie wykonane', dissolvedAt: AT } };
    const bodies = bodiesOf(cluster, [group('g2', ['m1', 'm2', 'm3', 'm4'], [active, left]), group('g3', ['m5'], [dissolved])]);
    expect(bodies.map((b) => b.body)).toEqual(['council', 'general_meeting', 'group:g2', 'forum']);
    expect(bodies[2]).toMatchObject({ status: 'active' });
    expect(seats(bodies[2])).toEqual(['m1:1', 'm4:1']);
  });

  it('weighs each vote as the charter does', () => {
    const weighted = fold(clusterDecider, founded({ charter: { weightedVoting: true } })).members;
    const cluster = fold(clusterDecider, founded({ charter: { weightedVoting: true } }));
    cluster.members = { ...weighted, m2: { ...weighted.m2, votingWeight: 3 } };
    expect(seats(bodiesOf(cluster, [])[0])).toEqual(['m1:1', 'm2:3', 'm3:1']);
    const unweighted = fold(clusterDecider, founded());
    unweighted.members = { ...unweighted.members, m2: { ...unweighted.members.m2, votingWeight: 3 } };
    expect(seats(bodiesOf(unweighted, [])[0])).toEqual(['m1:1', 'm2:1', 'm3:1']);
  });
});
