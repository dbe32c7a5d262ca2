import { ballotsFrom } from '@klaster/domain';
import { inbox } from '../src';
import { cluster, group, meeting, member, present, task, vote } from './read-model-fixtures';

const AT = '2024-08-15T12:00:00.000Z';

describe('inbox', () => {
  const k1 = cluster({ members: { m1: member(1), m2: member(2), m3: member(3), h1: member(9, { memberId: 'h1', kind: 'honorary', representative: { personId: 'p2', role: 'x' } }), w: member(4, { memberId: 'w', status: 'withdrawn', representative: { personId: 'p2', role: 'x' } }) } });

  it('lists the open votes a representative may cast now: present, entitled, not yet voted', () => {
    const open = meeting('mt1', {
      status: 'open',
      attendance: { m1: present('p1'), m2: present('p2'), h1: present('p2') },
      votes: { v1: vote('v1'), v2: vote('v2', { ballots: ballotsFrom({ m2: { memberId: 'm2', castBy: 'p2', viaProxyOf: null, weight: 1, choice: 'yes', corrections: 0 } }) }), v3: vote('v3', { status: 'closed' }) },
    });
    const result = inbox({ personId: 'p2', clusters: [k1], meetings: [open], groups: [], at: AT });
    expect(result.votes).toEqual([
      { clusterId: 'k1', meetingId: 'mt1', meetingTitle: 'mt1', meetingKind: 'council', voteId: 'v1', motion: 'Motion v1', secrecy: 'named', decisionKind: 'ordinary_resolution', memberId: 'm2', organisation: 'Org 2', as: 'representative' },
    ]);
  });

  it('shows nothing when the member is absent or left, or the meeting is not open', () => {
    const absent = meeting('mt1', { status: 'open', attendance: { m2: { ...present('p2'), presence: 'left' } }, votes: { v1: vote('v1') } });
    const closed = meeting('mt2', { status: 'closed', attendance: { m2: present('p2') }, votes: { v1: vote('v1') } });
    expect(inbox({ personId: 'p2', clusters: [k1], meetings: [absent, closed], groups: [], at: AT }).votes).toEqual([]);
  });

  it('lists a vote the person may cast as the present holder of a proxy', () => {
    const open = meeting('mt1', { status: 'open', attendance: { m1: present('p1') }, proxies: { m3: { holderMemberId: 'm1', documentRef: 'pełnomocnictwo 1' } }, votes: { v1: vote('v1') } });
    const result = inbox({ personId: 'p1', clusters: [k1], meetings: [open], groups: [], at: AT });
    expect(result.votes.map((v) => [v.memberId, v.as, 'holderMemberId' in v ? v.holderMemberId : null])).toEqual([
      ['m1', 'representative', null],
      ['m3', 'proxy', 'm1'],
    ]);
    // m3's own representative sees it too while m3 has not voted, if present.
    const withM3 = { ...open, attendance: { ...open.attendance, m3: present('p3') } };
    expect(inbox({ personId: 'p3', clusters: [k1], meetings: [withM3], groups: [], at: AT }).votes.map((v) => v.memberId)).toEqual(['m3']);
    // Once m3's ballot is in, neither sees it.
    const voted = { ...open, votes: { v1: vote('v1', { ballots: ballotsFrom({ m3: { memberId: 'm3', castBy: 'p1', viaProxyOf: 'm1', weight: 1, choice: 'no', corrections: 0 } }) }) } };
    expect(inbox({ personId: 'p1', clusters: [k1], meetings: [voted], groups: [], at: AT }).votes.map((v) => v.memberId)).toEqual(['m1']);
  });

  it('at a working-group meeting only the group members vote', () => {
    const gm = meeting('wg', { kind: 'working_group', groupId: 'g1', status: 'open', attendance: { m1: present('p1'), m3: present('p3') }, votes: { v1: vote('v1') } });
    const g1 = group('g1', { members: ['m1', 'm2', 'm4'] });
    expect(inbox({ personId: 'p1', clusters: [k1], meetings: [gm], groups: [g1], at: AT }).votes.map((v) => v.memberId)).toEqual(['m1']);
    expect(inbox({ personId: 'p3', clusters: [k1], meetings: [gm], groups: [g1], at: AT }).votes).toEqual([]);
  });

  it("lists the open tasks of the members a person represents, overdue flagged, across clusters", () => {
    const k2 = cluster({ clusterId: 'k2' });
    const g1 = group('g1', { tasks: { t1: task('t1', { deadline: '2024-06-30' }), t2: task('t2', { deadline: '2030-01-01' }), t3: task('t3', { completedAt: '2024-05-01T00:00:00.000Z' }), t4: task('t4', { responsibleMemberId: 'm3' }) } });
    const g2 = group('g2', { clusterId: 'k2', tasks: { t5: task('t5', { deadline: '2025-01-01' }) } });
    const gone = group('g3', { dissolved: { reason: 'x', at: AT }, tasks: { t6: task('t6') } });
    const result = inbox({ personId: 'p2', clusters: [k2, k1], meetings: [], groups: [g1, g2, gone], at: AT });
    expect(result.tasks.map((t) => [t.clusterId, t.groupId, t.taskId, t.overdue])).toEqual([
      ['k1', 'g1', 't1', true],
      ['k2', 'g2', 't5', false],
      ['k1', 'g1', 't2', false],
    ]);
  });

  it('is empty for a person who represents no member (an auditor, a stranger, a withdrawn member)', () => {
    const open = meeting('mt1', { status: 'open', attendance: { m1: present('p1') }, votes: { v1: vote('v1') } });
    const audited = cluster({ auditors: { aud: { since: AT } } });
    expect(inbox({ personId: 'aud', clusters: [audited], meetings: [open], groups: [], at: AT })).toEqual({ personId: 'aud', at: AT, votes: [], tasks: [] });
    expect(inbox({ personId: 'p4', clusters: [cluster({ members: { m4: member(4, { status: 'withdrawn' }) } })], meetings: [open], groups: [], at: AT }).votes).toEqual([]);
  });
});
