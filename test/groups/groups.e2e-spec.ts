import { startTestServer, type TestServer } from '../support/test-server';
import { foundOtherCluster, foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';

/** Cluster k5: m1..m5 (people p1..p5; p1 coordinates) and honorary h1 (ph). */
describe('working groups through HTTP', () => {
  let server: TestServer;
  const g = '/api/groups/k5.g1';
  const read = (as = 'p2') => server.call('GET', g, { as });
  const task = (taskId: string) => read().then((r) => r.body.tasks.find((t: { taskId: string }) => t.taskId === taskId));

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'k5');
    await foundOtherCluster(server);
  });
  afterAll(() => server.close());

  it('is requested by members and stays inactive at 2 members', async () => {
    const res = await server.call('POST', '/api/clusters/k5/groups', {
      as: 'p2',
      body: {
        groupId: 'k5.g1',
        name: 'Grupa turystyki społecznej',
        purpose: 'Wspólna oferta turystyczna',
        deadline: '2030-12-31',
        requestedBy: { kind: 'members', memberIds: ['m2', 'm3'] },
        initialMemberIds: ['m2', 'm3'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ streamId: 'group-k5.g1', revision: '2', events: ['GroupRequested', 'MemberJoinedGroup', 'MemberJoinedGroup'] });
    const group = await read('p3');
    expect(group.status).toBe(200);
    expect(group.headers.get('etag')).toBe('W/"2"');
    expect(group.body).toMatchObject({ clusterId: 'k5', status: 'inactive', active: false, memberCount: 2, minimumGroupSize: 3 });
    // Tasks wait until the group reaches its minimum.
    const early = await server.call('POST', `${g}/tasks`, { as: 'p1', body: { taskId: 't0', title: 'x', responsibleMemberId: 'm2', deadline: '2030-01-31' } });
    expect(early.status).toBe(422);
  });

  it('becomes active when the 3rd member joins; an honorary member may join too', async () => {
    const res = await server.call('POST', `${g}/members`, { as: 'p4', body: { memberId: 'm4' } });
    expect(res.status).toBe(201);
    expect(res.body.events).toEqual(['MemberJoinedGroup', 'GroupBecameActive']);
    expect((await read()).body).toMatchObject({ status: 'active', active: true, memberCount: 3 });
    expect((await server.call('POST', `${g}/members`, { as: 'ph', body: { memberId: 'h1' } })).status).toBe(201);
    const members = (await read()).body.members;
    expect(members.find((m: { memberId: string }) => m.memberId === 'h1')).toMatchObject({ kind: 'honorary', clusterStatus: 'active' });
  });

  it('refuses a non-member: someone else’s member (403), a member of no cluster (422), a withdrawn member (403)', async () => {
    expect((await server.call('POST', `${g}/members`, { as: 'p2', body: { memberId: 'm5' } })).status).toBe(403);
    const stranger = await server.call('POST', `${g}/members`, { as: 'p1', body: { memberId: 'x9' } });
    expect(stranger.status).toBe(422);
    expect(stranger.body.message).toMatch(/only cluster members/);
    const withdrawal = await server.call('POST', '/api/clusters/k5/members/m5/withdrawal', { as: 'p5', body: { withdrawnOn: '2024-01-31', writtenNoticeRef: 'Pismo 1/2024' } });
    expect(withdrawal.status).toBe(201);
    const withdrawn = await server.call('POST', `${g}/members`, { as: 'p1', body: { memberId: 'm5' } });
    expect(withdrawn.status).toBe(403);
    expect(withdrawn.body.message).toMatch(/withdrawn/);
  });

  it('sets its own conditions and appoints a leader from its members’ representatives', async () => {
    expect((await server.call('POST', `${g}/conditions`, { as: 'p3', body: { conditions: 'Udział w spotkaniach grupy' } })).status).toBe(200);
    expect((await server.call('POST', `${g}/leader`, { as: 'p3', body: { personId: 'p1' } })).status).toBe(422);
    const res = await server.call('POST', `${g}/leader`, { as: 'p3', body: { personId: 'p2' } });
    expect(res.status).toBe(200);
    expect((await read()).body).toMatchObject({ leader: { personId: 'p2', memberId: 'm2' }, conditions: { text: 'Udział w spotkaniach grupy' } });
  });

  it('adds, reassigns and completes tasks; an open task past its deadline shows as overdue', async () => {
    const add = (taskId: string, responsibleMemberId: string, deadline: string) =>
      server.call('POST', `${g}/tasks`, { as: 'p2', body: { taskId, title: `Zadanie ${taskId}`, responsibleMemberId, deadline } });
    expect((await add('t1', 'm3', '2030-06-30')).status).toBe(201);
    expect((await add('t2', 'm3', '2020-01-31')).status).toBe(201);
    expect((await add('t3', 'm1', '2030-06-30')).status).toBe(422); // m1 is not in the group
    expect((await server.call('POST', `${g}/tasks`, { as: 'p3', body: { taskId: 't4', title: 'x', responsibleMemberId: 'm3', deadline: '2030-01-01' } })).status).toBe(403);

    const reassigned = await server.call('POST', `${g}/tasks/t1/reassignment`, { as: 'p2', body: { responsibleMemberId: 'm4', deadline: '2030-09-30' } });
    expect(reassigned.status).toBe(201);
    expect((await server.call('POST', `${g}/tasks/t1/completion`, { as: 'p3', body: {} })).status).toBe(403); // no longer responsible
    expect((await server.call('POST', `${g}/tasks/t1/completion`, { as: 'p4', body: {} })).status).toBe(201);

    expect(await task('t1')).toMatchObject({ responsibleMemberId: 'm4', deadline: '2030-09-30', overdue: false, reassignments: [{ from: 'm3', to: 'm4' }] });
    expect((await task('t1')).completedAt).not.toBeNull();
    expect(await task('t2')).toMatchObject({ completedAt: null, overdue: true });
    const list = await server.call('GET', '/api/clusters/k5/groups', { as: 'p3' });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ groupId: 'k5.g1', status: 'active', memberCount: 4, openTasks: 1, overdueTasks: 1, leaderPersonId: 'p2' })]);
  });

  it('is requested by council resolution only when the council adopted it: the cited vote is checked against the meeting', async () => {
    const body = (groupId: string, resolution: { meetingId: string; voteId: string; number: string }) => ({
      groupId,
      name: 'Grupa cyfryzacji',
      purpose: 'Wspólny system rezerwacji',
      deadline: '2031-06-30',
      requestedBy: { kind: 'council_resolution', resolution },
    });
    await openMeeting(server, 'k5', 'rada-grupy', 'council', ['m1', 'm2', 'm3', 'm4']);
    const vote = await server.call('POST', '/api/meetings/k5.rada-grupy/votes', {
      as: 'p1',
      body: { voteId: 'gc', agendaItemId: 'a1', motion: 'Powołanie grupy cyfryzacji', secrecy: 'named', decisionKind: 'group_creation', subject: { kind: 'group_creation', groupId: 'k5.g-cyfra' } },
    });
    expect(vote.status).toBe(201);
    // While the vote is open there is no resolution to cite.
    expect((await server.call('POST', '/api/clusters/k5/groups', { as: 'p1', body: body('g-cyfra', { meetingId: 'k5.rada-grupy', voteId: 'gc', number: '1/2024' }) })).status).toBe(404);
    for (const m of ['m1', 'm2', 'm3', 'm4']) {
      expect((await server.call('POST', '/api/meetings/k5.rada-grupy/votes/gc/ballots', { as: personOf(m), body: { memberId: m, choice: 'yes' } })).status).toBe(201);
    }
    const closed = await server.call('POST', '/api/meetings/k5.rada-grupy/votes/gc/closing', { as: 'p1', body: {} });
    expect(closed.status).toBe(201);
    const number = (await server.call('GET', '/api/meetings/k5.rada-grupy', { as: 'p1' })).body.votes.find((v: { voteId: string }) => v.voteId === 'gc').result.resolution.number;

    const wrongNumber = await server.call('POST', '/api/clusters/k5/groups', { as: 'p1', body: body('g-cyfra', { meetingId: 'k5.rada-grupy', voteId: 'gc', number: '99/2024' }) });
    expect(wrongNumber.status).toBe(422);
    expect(wrongNumber.body.message).toContain(`became resolution ${number}`);
    const otherGroup = await server.call('POST', '/api/clusters/k5/groups', { as: 'p1', body: body('g-inna', { meetingId: 'k5.rada-grupy', voteId: 'gc', number }) });
    expect(otherGroup.status).toBe(422);
    expect((await server.call('GET', '/api/groups/k5.g-inna', { as: 'p1' })).status).toBe(404);

    const ok = await server.call('POST', '/api/clusters/k5/groups', { as: 'p1', body: body('g-cyfra', { meetingId: 'k5.rada-grupy', voteId: 'gc', number }) });
    expect(ok.status).toBe(201);
    expect(ok.body.events).toEqual(['GroupRequested']);
  });

  it('shows nothing to a person of another cluster: 404 without naming the cluster', async () => {
    const res = await read('z1');
    expect(res.status).toBe(404);
    // The id names what the caller typed; nothing else of the cluster, and the same as for no group at all.
    expect(res.body.message).not.toMatch(/Klaster k5|Organizacja/);
    const missing = await server.call('GET', '/api/groups/k5.nie-ma', { as: 'z1' });
    expect(missing.body.message.replace('k5.nie-ma', 'k5.g1')).toBe(res.body.message);
    expect((await server.call('POST', `${g}/members`, { as: 'z1', body: { memberId: 'z' } })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters/k5/groups', { as: 'z1' })).status).toBe(404);
    expect((await server.call('POST', '/api/clusters/k5/groups', { as: 'z1', body: { groupId: 'k5.g9', name: 'x', purpose: 'x', deadline: '2030-01-01', requestedBy: { kind: 'members', memberIds: ['z'] } } })).status).toBe(404);
    // A member whose organisation withdrew no longer sees the cluster's groups either.
    expect((await read('p5')).status).toBe(404);
  });

  it('answers 400 with the zod issues for a malformed request, and writes nothing', async () => {
    const groups = async () => (await server.call('GET', '/api/clusters/k5/groups', { as: 'p2' })).body.map((g: { groupId: string }) => g.groupId);
    const before = await groups();
    const res = await server.call('POST', '/api/clusters/k5/groups', { as: 'p2', body: { groupId: '', deadline: '31.12.2030', requestedBy: { kind: 'petition' } } });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(expect.arrayContaining(['groupId', 'name', 'purpose', 'deadline', 'requestedBy.kind']));
    expect(await groups()).toEqual(before);
    expect(before).toContain('k5.g1');
  });

  it('becomes inactive again below 3 members, and once dissolved refuses everything', async () => {
    expect((await server.call('POST', `${g}/members/h1/leave`, { as: 'ph', body: {} })).body.events).toEqual(['MemberLeftGroup']);
    const left = await server.call('POST', `${g}/members/m4/leave`, { as: 'p4', body: {} });
    expect(left.body.events).toEqual(['MemberLeftGroup', 'GroupBecameInactive']);
    const group = (await read()).body;
    expect(group).toMatchObject({ status: 'inactive', active: false, memberCount: 2 });
    expect(group.activity.map((a: { active: boolean; memberCount: number }) => [a.active, a.memberCount])).toEqual([[true, 3], [false, 2]]);
    expect(group.membershipHistory.map((m: { memberId: string }) => m.memberId)).toEqual(['m2', 'm3', 'm4', 'h1']);

    expect((await server.call('POST', `${g}/dissolution`, { as: 'p2', body: { reason: 'Zadanie wykonane' } })).status).toBe(201);
    expect((await server.call('POST', `${g}/members`, { as: 'p4', body: { memberId: 'm4' } })).status).toBe(422);
    expect((await read()).body).toMatchObject({ status: 'dissolved', active: false, dissolved: { reason: 'Zadanie wykonane' } });
  });
});
