import { startTestServer, type TestServer } from '../support/test-server';
import { foundOtherCluster, foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';
import { eventually } from '../support/eventually';

/**
 * Each test founds its own cluster (m1..m5, people p1..p5, p1's m1 coordinates, honorary h1 of ph)
 * and requests its own group, so no test depends on what an earlier one did.
 */
describe('working groups through HTTP', () => {
  let server: TestServer;
  let clusters = 0;
  const newCluster = async () => {
    const clusterId = `k${++clusters}`;
    await foundSmallCluster(server, clusterId);
    return clusterId;
  };
  /** Group and meeting ids are qualified by their cluster: `<clusterId>.<local>`. */
  const read = (groupId: string, as = 'p2') => server.call('GET', `/api/groups/${groupId}`, { as });
  /** Requests the group `<clusterId>.<local>` and answers the server's response. */
  const request = (clusterId: string, local: string, members: string[], as = 'p2') =>
    server.call('POST', `/api/clusters/${clusterId}/groups`, {
      as,
      body: { groupId: `${clusterId}.${local}`, name: 'Grupa turystyki społecznej', purpose: 'Wspólna oferta turystyczna', deadline: '2030-12-31', requestedBy: { kind: 'members', memberIds: members }, initialMemberIds: members },
    });
  const join = (groupId: string, memberId: string, as = personOf(memberId)) => server.call('POST', `/api/groups/${groupId}/members`, { as, body: { memberId } });
  /** A new cluster with an active group of m2, m3, m4 led by p2; answers the group's qualified id. */
  const activeGroup = async (local: string) => {
    const clusterId = await newCluster();
    expect((await request(clusterId, local, ['m2', 'm3', 'm4'])).status).toBe(201);
    const groupId = `${clusterId}.${local}`;
    expect((await server.call('POST', `/api/groups/${groupId}/leader`, { as: 'p3', body: { personId: 'p2' } })).status).toBe(200);
    return { clusterId, groupId };
  };

  beforeAll(async () => {
    server = await startTestServer();
    await foundOtherCluster(server);
  });
  afterAll(() => server.close());

  it('is requested by members and stays inactive at 2 members', async () => {
    const clusterId = await newCluster();
    const res = await request(clusterId, 'g1', ['m2', 'm3']);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ streamId: `group-${clusterId}.g1`, revision: '2', events: ['GroupRequested', 'MemberJoinedGroup', 'MemberJoinedGroup'] });
    const group = await read(`${clusterId}.g1`, 'p3');
    expect(group.status).toBe(200);
    expect(group.headers.get('etag')).toBe('W/"2"');
    expect(group.body).toMatchObject({ clusterId, status: 'inactive', active: false, memberCount: 2, minimumGroupSize: 3 });
    // Tasks wait until the group reaches its minimum.
    const early = await server.call('POST', `/api/groups/${clusterId}.g1/tasks`, { as: 'p1', body: { taskId: 't0', title: 'x', responsibleMemberId: 'm2', deadline: '2030-01-31' } });
    expect(early.status).toBe(422);
  });

  it('becomes active when the 3rd member joins; an honorary member may join too', async () => {
    const clusterId = await newCluster();
    const groupId = `${clusterId}.g-akt`;
    await request(clusterId, 'g-akt', ['m2', 'm3']);
    const res = await join(groupId, 'm4');
    expect(res.status).toBe(201);
    expect(res.body.events).toEqual(['MemberJoinedGroup', 'GroupBecameActive']);
    expect((await read(groupId)).body).toMatchObject({ status: 'active', active: true, memberCount: 3 });
    expect((await join(groupId, 'h1')).status).toBe(201);
    const members = (await read(groupId)).body.members;
    expect(members.find((m: { memberId: string }) => m.memberId === 'h1')).toMatchObject({ kind: 'honorary', clusterStatus: 'active' });
  });

  it('refuses a non-member: someone else’s member (403), a member of no cluster (422), a withdrawn member (403)', async () => {
    const clusterId = await newCluster();
    const groupId = `${clusterId}.g-odm`;
    await request(clusterId, 'g-odm', ['m2', 'm3']);
    expect((await join(groupId, 'm5', 'p2')).status).toBe(403);
    const stranger = await join(groupId, 'x9', 'p1');
    expect(stranger.status).toBe(422);
    expect(stranger.body.message).toMatch(/only cluster members/);
    const withdrawal = await server.call('POST', `/api/clusters/${clusterId}/members/m5/withdrawal`, { as: 'p5', body: { withdrawnOn: '2024-01-31', writtenNoticeRef: 'Pismo 1/2024' } });
    expect(withdrawal.status).toBe(201);
    const withdrawn = await join(groupId, 'm5', 'p1');
    expect(withdrawn.status).toBe(403);
    expect(withdrawn.body.message).toMatch(/withdrawn/);
  });

  it('sets its own conditions and appoints a leader from its members’ representatives', async () => {
    const clusterId = await newCluster();
    const groupId = `${clusterId}.g-lid`;
    await request(clusterId, 'g-lid', ['m2', 'm3', 'm4']);
    expect((await server.call('POST', `/api/groups/${groupId}/conditions`, { as: 'p3', body: { conditions: 'Udział w spotkaniach grupy' } })).status).toBe(200);
    expect((await server.call('POST', `/api/groups/${groupId}/leader`, { as: 'p3', body: { personId: 'p1' } })).status).toBe(422);
    const res = await server.call('POST', `/api/groups/${groupId}/leader`, { as: 'p3', body: { personId: 'p2' } });
    expect(res.status).toBe(200);
    expect((await read(groupId)).body).toMatchObject({ leader: { personId: 'p2', memberId: 'm2' }, conditions: { text: 'Udział w spotkaniach grupy' } });
  });

  it('adds, reassigns and completes tasks; an open task past its deadline shows as overdue', async () => {
    const { clusterId, groupId } = await activeGroup('g-zad');
    const g = `/api/groups/${groupId}`;
    const task = (taskId: string) => read(groupId).then((r) => r.body.tasks.find((t: { taskId: string }) => t.taskId === taskId));
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
    const list = await server.call('GET', `/api/clusters/${clusterId}/groups`, { as: 'p3' });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ groupId, status: 'active', memberCount: 3, openTasks: 1, overdueTasks: 1, leaderPersonId: 'p2' })]);
  });

  it('is requested by council resolution only when the council adopted it: the cited vote is checked against the meeting', async () => {
    const clusterId = await newCluster();
    const body = (groupId: string, resolution: { meetingId: string; voteId: string; number: string }) => ({
      groupId,
      name: 'Grupa cyfryzacji',
      purpose: 'Wspólny system rezerwacji',
      deadline: '2031-06-30',
      requestedBy: { kind: 'council_resolution', resolution },
    });
    const meetingId = await openMeeting(server, clusterId, 'rada-grupy', 'council', ['m1', 'm2', 'm3', 'm4']);
    const vote = await server.call('POST', `/api/meetings/${meetingId}/votes`, {
      as: 'p1',
      body: { voteId: 'gc', agendaItemId: 'a1', motion: 'Powołanie grupy cyfryzacji', secrecy: 'named', decisionKind: 'group_creation', subject: { kind: 'group_creation', groupId: `${clusterId}.g-cyfra` } },
    });
    expect(vote.status).toBe(201);
    // While the vote is open there is no resolution to cite.
    expect((await server.call('POST', `/api/clusters/${clusterId}/groups`, { as: 'p1', body: body(`${clusterId}.g-cyfra`, { meetingId, voteId: 'gc', number: '1/2024' }) })).status).toBe(404);
    for (const m of ['m1', 'm2', 'm3', 'm4']) {
      expect((await server.call('POST', `/api/meetings/${meetingId}/votes/gc/ballots`, { as: personOf(m), body: { memberId: m, choice: 'yes' } })).status).toBe(201);
    }
    const closed = await server.call('POST', `/api/meetings/${meetingId}/votes/gc/closing`, { as: 'p1', body: {} });
    expect(closed.status).toBe(201);
    // The number the register gave the vote (once it is there).
    const { number } = await eventually('the council resolution in the register', async () =>
      ((await server.call('GET', `/api/clusters/${clusterId}/resolutions`, { as: 'p1' })).body as { meetingId: string; voteId: string; number: string }[]).find(
        (r) => r.meetingId === meetingId && r.voteId === 'gc',
      ),
    );

    const wrongNumber = await server.call('POST', `/api/clusters/${clusterId}/groups`, { as: 'p1', body: body(`${clusterId}.g-cyfra`, { meetingId, voteId: 'gc', number: '99/2024' }) });
    expect(wrongNumber.status).toBe(422);
    expect(wrongNumber.body.message).toContain(`became resolution ${number}`);
    const otherGroup = await server.call('POST', `/api/clusters/${clusterId}/groups`, { as: 'p1', body: body(`${clusterId}.g-inna`, { meetingId, voteId: 'gc', number }) });
    expect(otherGroup.status).toBe(422);
    expect((await server.call('GET', `/api/groups/${clusterId}.g-inna`, { as: 'p1' })).status).toBe(404);

    const ok = await server.call('POST', `/api/clusters/${clusterId}/groups`, { as: 'p1', body: body(`${clusterId}.g-cyfra`, { meetingId, voteId: 'gc', number }) });
    expect(ok.status).toBe(201);
    expect(ok.body.events).toEqual(['GroupRequested']);
  });

  it('shows nothing to a person of another cluster: 404 without naming the cluster', async () => {
    const clusterId = await newCluster();
    const groupId = `${clusterId}.g-ukr`;
    await request(clusterId, 'g-ukr', ['m2', 'm3']);
    const res = await read(groupId, 'z1');
    expect(res.status).toBe(404);
    // The id names what the caller typed; nothing else of the cluster, and the same as for no group at all.
    expect(res.body.message).not.toMatch(new RegExp(`Klaster ${clusterId}|Organizacja`));
    const missing = await server.call('GET', `/api/groups/${clusterId}.nie-ma`, { as: 'z1' });
    expect(missing.body.message.replace(`${clusterId}.nie-ma`, groupId)).toBe(res.body.message);
    expect((await join(groupId, 'z', 'z1')).status).toBe(404);
    expect((await server.call('GET', `/api/clusters/${clusterId}/groups`, { as: 'z1' })).status).toBe(404);
    expect((await server.call('POST', `/api/clusters/${clusterId}/groups`, { as: 'z1', body: { groupId: `${clusterId}.g9`, name: 'x', purpose: 'x', deadline: '2030-01-01', requestedBy: { kind: 'members', memberIds: ['z'] } } })).status).toBe(404);
    // A member whose organisation withdrew no longer sees the cluster's groups either.
    expect((await read(groupId, 'p5')).status).toBe(200);
    expect((await server.call('POST', `/api/clusters/${clusterId}/members/m5/withdrawal`, { as: 'p5', body: { withdrawnOn: '2024-01-31', writtenNoticeRef: 'Pismo 2/2024' } })).status).toBe(201);
    expect((await read(groupId, 'p5')).status).toBe(404);
  });

  it('answers 400 with the zod issues for a malformed request, and writes nothing', async () => {
    const clusterId = await newCluster();
    const groupId = `${clusterId}.g-ist`;
    await request(clusterId, 'g-ist', ['m2', 'm3']);
    const groups = async () => (await server.call('GET', `/api/clusters/${clusterId}/groups`, { as: 'p2' })).body.map((g: { groupId: string }) => g.groupId);
    const before = await groups();
    const res = await server.call('POST', `/api/clusters/${clusterId}/groups`, { as: 'p2', body: { groupId: '', deadline: '31.12.2030', requestedBy: { kind: 'petition' } } });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(expect.arrayContaining(['groupId', 'name', 'purpose', 'deadline', 'requestedBy.kind']));
    expect(before).toEqual([groupId]);
    expect(await groups()).toEqual(before);
  });

  it('becomes inactive again below 3 members, and once dissolved refuses everything', async () => {
    const { groupId } = await activeGroup('g-kon');
    const g = `/api/groups/${groupId}`;
    expect((await join(groupId, 'h1')).status).toBe(201);
    expect((await server.call('POST', `${g}/members/h1/leave`, { as: 'ph', body: {} })).body.events).toEqual(['MemberLeftGroup']);
    const left = await server.call('POST', `${g}/members/m4/leave`, { as: 'p4', body: {} });
    expect(left.body.events).toEqual(['MemberLeftGroup', 'GroupBecameInactive']);
    const group = (await read(groupId)).body;
    expect(group).toMatchObject({ status: 'inactive', active: false, memberCount: 2 });
    expect(group.activity.map((a: { active: boolean; memberCount: number }) => [a.active, a.memberCount])).toEqual([[true, 3], [false, 2]]);
    expect(group.membershipHistory.map((m: { memberId: string }) => m.memberId)).toEqual(['m2', 'm3', 'm4', 'h1']);

    expect((await server.call('POST', `${g}/dissolution`, { as: 'p2', body: { reason: 'Zadanie wykonane' } })).status).toBe(201);
    expect((await join(groupId, 'm4')).status).toBe(422);
    expect((await read(groupId)).body).toMatchObject({ status: 'dissolved', active: false, dissolved: { reason: 'Zadanie wykonane' } });
  });
});
