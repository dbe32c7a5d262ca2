import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster, openMeeting } from '../support/small-cluster';
import { yearsBetween } from '../support/server-clock';

const ok = async (res: Promise<{ status: number; body: any }>) => {
  const r = await res;
  if (r.status >= 300) throw new Error(`${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
};
/** A deadline past whatever the date: overdue now (and in no year before it was set). */
const PAST_DEADLINE = '2025-06-30';

describe('compliance', () => {
  let server: TestServer;
  const convene = (meetingId: string, kind: string, scheduledFor: string) =>
    ok(server.call('POST', '/api/clusters/cmp/meetings', {
      as: 'p1',
      body: { meetingId, kind, title: meetingId, scheduledFor, venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Sprawy' }] },
    }));
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'cmp');
    await convene('rada-q1', 'council', '2024-02-15T10:00:00.000Z');
    await convene('rada-q2', 'council', '2024-05-10T10:00:00.000Z');
    await ok(server.call('POST', '/api/meetings/cmp.rada-q2/cancellation', { as: 'p1', body: { reason: 'Brak kworum' } }));
    await convene('ozc-q2', 'general', '2024-06-10T10:00:00.000Z');
    await convene('rada-q3', 'council', '2024-08-20T10:00:00.000Z');
    const group = (groupId: string, members: string[]) =>
      ok(server.call('POST', '/api/clusters/cmp/groups', {
        as: 'p2',
        body: { groupId, name: `Grupa ${groupId}`, purpose: 'Cel', deadline: '2030-12-31', requestedBy: { kind: 'members', memberIds: members }, initialMemberIds: members },
      }));
    await group('mala', ['m2', 'm3']);
    await group('pelna', ['m2', 'm3', 'm4']);
    await ok(server.call('POST', '/api/groups/cmp.pelna/tasks', { as: 'p1', body: { taskId: 'raport', title: 'Raport', responsibleMemberId: 'm3', deadline: PAST_DEADLINE } }));
    await ok(server.call('POST', '/api/groups/cmp.pelna/tasks', { as: 'p1', body: { taskId: 'plan', title: 'Plan', responsibleMemberId: 'm3', deadline: '2099-01-01' } }));
  });
  afterAll(() => server.close());

  it('answers: quarters of 2024 without a council meeting, groups below minimum, years without absolution', async () => {
    const report = await ok(server.call('GET', '/api/clusters/cmp/compliance?year=2024', { as: 'p3' }));
    expect(report.council.intervalMonths).toBe(3);
    expect(report.council.periods.map((p: { period: string; status: string }) => `${p.period}:${p.status}`)).toEqual(['Q1:met', 'Q2:missed', 'Q3:met', 'Q4:missed']);
    expect(report.council.periodsWithoutCouncilMeeting).toEqual(['Q2', 'Q4']);
    expect(report.council.compliant).toBe(false);
    expect(report.council.periods[0].councilMeetings).toEqual([expect.objectContaining({ meetingId: 'cmp.rada-q1', scheduledFor: '2024-02-15T10:00:00.000Z' })]);
    expect(report.groupsBelowMinimumSize).toEqual([expect.objectContaining({ groupId: 'cmp.mala', memberCount: 2, minimumGroupSize: 3 })]);
    expect(report.yearsWithoutAbsolution).toEqual([{ year: 2023, absolution: 'not_recorded', resolution: null }]);
    // The tasks were added after 2024: none was overdue then.
    expect(report.overdueTasks).toEqual([]);
  });

  it('defaults to the current year, with the tasks overdue now', async () => {
    // The current year as the server's clock shows it around the request (two years only across New Year).
    const before = await server.call('GET', '/api/clusters/cmp', { as: 'p1' });
    const res = await server.call('GET', '/api/clusters/cmp/compliance', { as: 'p1' });
    expect(res.status).toBe(200);
    const report = res.body;
    expect(yearsBetween(before, res)).toContain(report.year);
    expect(report.overdueTasks).toEqual([{ groupId: 'cmp.pelna', groupName: 'Grupa pelna', taskId: 'raport', title: 'Raport', responsibleMemberId: 'm3', deadline: PAST_DEADLINE }]);
  });

  it('404 for a person who may not read the cluster; 400 for a bad year', async () => {
    expect((await server.call('GET', '/api/clusters/cmp/compliance', { as: 'stranger' })).status).toBe(404);
    const bad = await server.call('GET', '/api/clusters/cmp/compliance?year=twenty', { as: 'p1' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: ['year'] })]);
  });
});

describe('inbox', () => {
  let server: TestServer;
  const inbox = async (as: string) => ok(server.call('GET', '/api/me/inbox', { as }));
  const votesOf = async (as: string) => (await inbox(as)).votes.map((v: { memberId: string; as: string }) => `${v.memberId}:${v.as}`);
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'inb', { charter: { proxiesAllowed: true } });
    await foundSmallCluster(server, 'inb2');
  });
  afterAll(() => server.close());

  it('lists the open votes a person may cast: for the member they represent, and by proxy', async () => {
    await openMeeting(server, 'inb', 'rada', 'council', ['m1', 'm2', 'm3', 'h1']);
    await ok(server.call('POST', '/api/meetings/inb.rada/proxies', { as: 'p2', body: { grantorMemberId: 'm4', holderMemberId: 'm2', documentRef: 'pełnomocnictwo 1/2024' } }));
    expect(await votesOf('p2')).toEqual([]);
    await ok(server.call('POST', '/api/meetings/inb.rada/votes', { as: 'p1', body: { voteId: 'v1', agendaItemId: 'a1', motion: 'Plan działań' } }));

    const p2 = await inbox('p2');
    expect(p2.votes).toEqual([
      expect.objectContaining({ clusterId: 'inb', meetingId: 'inb.rada', voteId: 'v1', motion: 'Plan działań', memberId: 'm2', as: 'representative' }),
      expect.objectContaining({ clusterId: 'inb', meetingId: 'inb.rada', voteId: 'v1', memberId: 'm4', as: 'proxy', holderMemberId: 'm2' }),
    ]);
    expect(await votesOf('p3')).toEqual(['m3:representative']);
    // Absent (m5), honorary (h1), or no member at all: nothing to cast.
    expect(await votesOf('p5')).toEqual([]);
    expect(await votesOf('ph')).toEqual([]);
    expect(await votesOf('stranger')).toEqual([]);

    await ok(server.call('POST', '/api/meetings/inb.rada/votes/v1/ballots', { as: 'p2', body: { memberId: 'm2', choice: 'yes' } }));
    expect(await votesOf('p2')).toEqual(['m4:proxy']);
    await ok(server.call('POST', '/api/meetings/inb.rada/votes/v1/ballots', { as: 'p2', body: { memberId: 'm4', choice: 'no' } }));
    expect(await votesOf('p2')).toEqual([]);
    await ok(server.call('POST', '/api/meetings/inb.rada/votes/v1/closing', { as: 'p1', body: {} }));
    expect(await votesOf('p3')).toEqual([]);
  });

  it('lists the open tasks of the members a person represents, across their clusters', async () => {
    for (const clusterId of ['inb', 'inb2']) {
      await ok(server.call('POST', `/api/clusters/${clusterId}/groups`, {
        as: 'p3',
        body: { groupId: `${clusterId}-g`, name: 'Grupa', purpose: 'Cel', deadline: '2030-12-31', requestedBy: { kind: 'members', memberIds: ['m2', 'm3', 'm4'] }, initialMemberIds: ['m2', 'm3', 'm4'] },
      }));
    }
    await ok(server.call('POST', '/api/groups/inb.inb-g/tasks', { as: 'p1', body: { taskId: 'raport', title: 'Raport', responsibleMemberId: 'm3', deadline: PAST_DEADLINE } }));
    await ok(server.call('POST', '/api/groups/inb2.inb2-g/tasks', { as: 'p1', body: { taskId: 'plan', title: 'Plan', responsibleMemberId: 'm3', deadline: '2099-01-01' } }));
    await ok(server.call('POST', '/api/groups/inb2.inb2-g/tasks', { as: 'p1', body: { taskId: 'inne', title: 'Inne', responsibleMemberId: 'm4', deadline: '2099-01-01' } }));

    const p3 = await inbox('p3');
    expect(p3.tasks).toEqual([
      { clusterId: 'inb', groupId: 'inb.inb-g', groupName: 'Grupa', taskId: 'raport', title: 'Raport', responsibleMemberId: 'm3', deadline: PAST_DEADLINE, overdue: true },
      { clusterId: 'inb2', groupId: 'inb2.inb2-g', groupName: 'Grupa', taskId: 'plan', title: 'Plan', responsibleMemberId: 'm3', deadline: '2099-01-01', overdue: false },
    ]);
    await ok(server.call('POST', '/api/groups/inb.inb-g/tasks/raport/completion', { as: 'p3', body: {} }));
    expect((await inbox('p3')).tasks.map((t: { taskId: string }) => t.taskId)).toEqual(['plan']);
    expect((await inbox('p4')).tasks.map((t: { taskId: string }) => t.taskId)).toEqual(['inne']);
  });
});
