import { foundOtherCluster, foundSmallCluster, openMeeting } from '../support/small-cluster';
import { startTestServer, type TestServer } from '../support/test-server';

/** An outsider learns nothing of another cluster: not its members, not even whether a record exists. */
describe('tenants are isolated', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'kl');
    await foundOtherCluster(server);
    await openMeeting(server, 'kl', 'rada', 'council', ['m1', 'm2']);
  });
  afterAll(() => server.close());

  /** The answer with the addressed id blanked out, so "exists" and "does not exist" can be compared. */
  const blank = (res: { status: number; body: any }, id: string) => ({ status: res.status, body: JSON.parse(JSON.stringify(res.body).split(id).join('<id>')) });

  it('a command on another cluster answers the same 404 as for a cluster that does not exist, naming nobody', async () => {
    const commands: [string, object][] = [
      ['members/m2/representative', { representative: { personId: 'z1', role: 'Prezes' } }],
      ['members/m2/withdrawal', { withdrawnOn: '2024-01-01', writtenNoticeRef: 'pismo' }],
      ['auditors', { personId: 'z1' }],
      ['coordinator', { memberId: 'm2' }],
      ['amendments', { amendmentId: 'a', memberId: 'm2', change: { kind: 'remove', section: '§ 1' }, rationale: 'x' }],
    ];
    for (const [path, body] of commands) {
      const existing = await server.call('POST', `/api/clusters/kl/${path}`, { as: 'z1', body });
      const missing = await server.call('POST', `/api/clusters/nie-ma/${path}`, { as: 'z1', body });
      expect(existing.status).toBe(404);
      expect(blank(existing, 'kl')).toEqual(blank(missing, 'nie-ma'));
      expect(JSON.stringify(existing.body)).not.toMatch(/Organizacja|Klaster kl|m2|p2/);
    }
  });

  it("a meeting's 404 names neither its cluster nor whether it exists", async () => {
    for (const [path, body] of [['opening', {}], ['agenda', { itemId: 'x', title: 'X' }], ['votes', { voteId: 'v', agendaItemId: 'a1', motion: 'M' }]] as const) {
      const existing = await server.call('POST', `/api/meetings/kl.rada/${path}`, { as: 'z1', body });
      const missing = await server.call('POST', `/api/meetings/kl.nie-ma/${path}`, { as: 'z1', body });
      expect(existing.status).toBe(404);
      expect(blank(existing, 'kl.rada')).toEqual(blank(missing, 'kl.nie-ma'));
    }
    const read = await server.call('GET', '/api/meetings/kl.rada', { as: 'z1' });
    expect(blank(read, 'kl.rada')).toEqual(blank(await server.call('GET', '/api/meetings/kl.nie-ma', { as: 'z1' }), 'kl.nie-ma'));
  });

  it('ids do not collide across clusters: another cluster may use the same meeting, group and election ids', async () => {
    const convened = await server.call('POST', '/api/clusters/inny/meetings', {
      as: 'z1',
      body: { meetingId: 'rada', kind: 'general', title: 'Walne', scheduledFor: '2024-05-01T10:00:00Z', venue: { mode: 'online', url: 'https://meet.example/w' } },
    });
    expect(convened.status).toBe(201);
    expect(convened.body.id).toBe('inny.rada');
    // Each sees its own.
    expect((await server.call('GET', '/api/meetings/inny.rada', { as: 'z1' })).body).toMatchObject({ clusterId: 'inny', kind: 'general' });
    expect((await server.call('GET', '/api/meetings/kl.rada', { as: 'p1' })).body).toMatchObject({ clusterId: 'kl', kind: 'council' });
    const group = (as: string, clusterId: string, members: string[]) =>
      server.call('POST', `/api/clusters/${clusterId}/groups`, {
        as,
        body: { groupId: 'g', name: 'Grupa', purpose: 'Cel', deadline: '2030-12-31', requestedBy: { kind: 'members', memberIds: members }, initialMemberIds: members },
      });
    expect((await group('p1', 'kl', ['m1', 'm2', 'm3'])).body.id).toBe('kl.g');
    expect((await group('z1', 'inny', ['z'])).body.id).toBe('inny.g');
  });

  it('founding a cluster under a taken id is refused without telling anything about the cluster', async () => {
    const res = await server.call('POST', '/api/clusters', {
      as: 'q1',
      body: {
        clusterId: 'kl',
        name: 'Podróbka',
        foundedOn: '2024-01-01',
        coordinatorMemberId: 'q',
        foundingMembers: [{ memberId: 'q', organisation: { name: 'Q', sector: 'other' }, representative: { personId: 'q1', role: 'Prezes' } }],
        agreement: { title: 'P', sections: [{ number: '§ 1', title: 'Cel', text: 'x' }] },
      },
    });
    expect(res).toMatchObject({ status: 409, body: { code: 'cluster_id_taken' } });
    expect(JSON.stringify(res.body)).not.toMatch(/Klaster kl|Organizacja|m1|p1/);
  });

  it("a working-group meeting must name a group of this cluster: another cluster's group, or none, is refused and nothing is numbered", async () => {
    const body = (groupId?: string) => ({ meetingId: `grupa-${groupId ?? 'brak'}`, kind: 'working_group', ...(groupId ? { groupId } : {}), title: 'Grupa', scheduledFor: '2024-05-01T10:00:00Z', venue: { mode: 'online', url: 'https://meet.example/g' } });
    // inny.g exists, but in another cluster; kl.nie-ma does not exist at all: the same answer.
    const foreign = await server.call('POST', '/api/clusters/kl/meetings', { as: 'p1', body: body('inny.g') });
    const none = await server.call('POST', '/api/clusters/kl/meetings', { as: 'p1', body: body('nie-ma') });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'group_not_found' } });
    expect(none).toMatchObject({ status: 404, body: { code: 'group_not_found' } });
    expect((await server.call('POST', '/api/clusters/kl/meetings', { as: 'p1', body: body() })).status).toBe(422);
    expect((await server.call('GET', '/api/meetings/kl.inny.g', { as: 'p1' })).status).toBe(404);
    expect((await server.call('GET', '/api/meetings/kl.grupa-inny.g', { as: 'p1' })).status).toBe(404);
  });
});
