import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster, personOf } from '../support/small-cluster';
import { eventually } from '../support/eventually';

/** A working group's meeting through HTTP: its members vote, one of them chairs. Cluster wg: m1..m5, group wg.g-wg of m2, m3, m4. */
describe('a working-group meeting (e2e)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'wg');
    const group = await server.call('POST', '/api/clusters/wg/groups', {
      as: 'p2',
      body: { groupId: 'wg.g-wg', name: 'Grupa robocza', purpose: 'Wspólny projekt', deadline: '2030-12-31', requestedBy: { kind: 'members', memberIds: ['m2', 'm3', 'm4'] }, initialMemberIds: ['m2', 'm3', 'm4'] },
    });
    expect(group.status).toBe(201);
  });
  afterAll(() => server.close());

  it('is chaired by a group member, takes only the group members’ ballots, and numbers the resolution in the group’s register', async () => {
    const m = '/api/meetings/wg.wg-spotkanie';
    const convened = await server.call('POST', '/api/clusters/wg/meetings', {
      as: 'p2',
      body: { meetingId: 'wg.wg-spotkanie', kind: 'working_group', groupId: 'wg.g-wg', title: 'Spotkanie grupy', scheduledFor: '2024-05-06T10:00:00.000Z', venue: { mode: 'online', url: 'https://meet.example/wg' }, agenda: [{ itemId: 'a1', title: 'Plan' }] },
    });
    expect(convened.status).toBe(201);
    // A cluster member outside the group may not chair it.
    expect((await server.call('POST', `${m}/opening`, { as: 'p5', body: {} })).status).toBe(403);
    expect((await server.call('POST', `${m}/opening`, { as: 'p3', body: {} })).status).toBe(201);
    for (const member of ['m1', 'm2', 'm3', 'm5']) {
      expect((await server.call('POST', `${m}/attendance`, { as: personOf(member), body: { memberId: member, presence: 'online' } })).status).toBe(201);
    }
    expect((await server.call('POST', `${m}/votes`, { as: 'p2', body: { voteId: 'w1', agendaItemId: 'a1', motion: 'Przyjmuje się plan grupy' } })).status).toBe(201);

    const cast = (member: string, choice: string) => server.call('POST', `${m}/votes/w1/ballots`, { as: personOf(member), body: { memberId: member, choice } });
    // Present, ordinary, active — but not in the group: no vote (the coordinator's member included).
    expect((await cast('m5', 'no')).status).toBe(422);
    expect((await cast('m1', 'no')).status).toBe(422);
    expect((await cast('m2', 'yes')).status).toBe(201);
    expect((await cast('m3', 'yes')).status).toBe(201);
    expect((await server.call('POST', `${m}/votes/w1/closing`, { as: 'p2', body: {} })).status).toBe(201);

    const entry = await eventually('the group resolution in the register', async () => {
      const register = await server.call('GET', '/api/clusters/wg/resolutions', { as: 'p4' });
      return (register.body as { meetingId: string; voteId: string; body: string; number: string }[]).find((r) => r.meetingId === 'wg.wg-spotkanie' && r.voteId === 'w1');
    });
    expect(entry.body).toBe('group:wg.g-wg');
    const resolution = await server.call('GET', `/api/clusters/wg/resolutions/${entry.body}/${entry.number.replace('/', '-')}`, { as: 'p4' });
    expect(resolution.status).toBe(200);
    // Three group members entitled (m4 absent), two present; the others' refused ballots are nowhere.
    expect(resolution.body.vote).toMatchObject({ outcome: 'adopted', tally: { yes: 2, no: 0, abstain: 0 }, quorum: { entitled: 3, present: 2, reached: true } });
    expect(resolution.body.vote.ballots.map((b: { memberId: string }) => b.memberId).sort()).toEqual(['m2', 'm3']);
  });
});
