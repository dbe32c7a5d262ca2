import { loadSeed004 } from '../../apps/server/src/demo/load-seed-004';
import { SEED_004_CLUSTER_ID, seed004Signatories } from '../../apps/server/src/demo/seed-004';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundOtherCluster, foundSmallCluster } from '../support/small-cluster';

type Seat = { memberId: string; representative: { personId: string }; votes: boolean; weight: number };
type Body = { body: string; kind: string; name: string | null; members: Seat[]; voting: number; status: string };
const seats = (b: Body | undefined) => b?.members.map((m) => `${m.memberId}:${m.votes ? 'votes' : 'attends'}`);

/**
 * GET /api/clusters/{id}/bodies: each body of the charter with who sits on it, as of any day. Cluster
 * org: m1..m5 (p1..p5; founded 2023-01-10), honorary h1 (ph, admitted 2023-02-01).
 */
describe('bodies and who sits on them', () => {
  let server: TestServer;
  const bodies = async (query = '', as = 'p3') => {
    const res = await server.call('GET', `/api/clusters/org/bodies${query}`, { as });
    expect(res.status).toBe(200);
    return res.body as { clusterId: string; bodies: Body[]; pointInTime?: object };
  };
  const find = (answer: { bodies: Body[] }, id: string) => answer.bodies.find((b) => b.body === id);

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'org');
    await foundOtherCluster(server);
    const requested = await server.call('POST', '/api/clusters/org/groups', {
      as: 'p2',
      body: { groupId: 'promocja', name: 'Grupa promocji', purpose: 'Promocja klastra', deadline: '2026-12-31', requestedBy: { kind: 'members', memberIds: ['m2'] }, initialMemberIds: ['m2'] },
    });
    expect(requested.status).toBe(201);
  });
  afterAll(() => server.close());

  it('answers now: the council one representative per member, the general meeting and forum every member, the group its members; honorary without a vote', async () => {
    const now = await bodies();
    expect(now.bodies.map((b) => [b.body, b.kind, b.name])).toEqual([
      ['council', 'council', 'Rada Klastra'],
      ['general_meeting', 'general_meeting', 'Ogólne Zebranie Członków'],
      ['group:org.promocja', 'working_group', 'Grupa promocji'],
      ['forum', 'forum', null],
    ]);
    const everyone = ['m1:votes', 'm2:votes', 'm3:votes', 'm4:votes', 'm5:votes', 'h1:attends'];
    expect(seats(find(now, 'council'))).toEqual(everyone);
    expect(find(now, 'council')?.voting).toBe(5);
    expect(find(now, 'council')?.members.map((m) => m.representative.personId)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'ph']);
    expect(seats(find(now, 'general_meeting'))).toEqual(everyone);
    expect(seats(find(now, 'forum'))).toEqual(everyone);
    expect(find(now, 'group:org.promocja')).toMatchObject({ status: 'inactive', voting: 1 });
    expect(seats(find(now, 'group:org.promocja'))).toEqual(['m2:votes']);
    expect(now.pointInTime).toBeUndefined();
  });

  it('two members joining the group at once both take their seats', async () => {
    const [a, b] = await Promise.all(['m3', 'h1'].map((m) => server.call('POST', '/api/groups/org.promocja/members', { as: m === 'h1' ? 'ph' : m.replace('m', 'p'), body: { memberId: m } })));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(seats(find(await bodies(), 'group:org.promocja'))).toEqual(['m2:votes', 'm3:votes', 'h1:attends']);
  });

  it('answers for a past day, judged in the cluster’s zone: the members, their representatives and the groups of that day', async () => {
    // Today m2 names another representative and m5 withdraws; on 2023-06-01 neither had happened.
    expect((await server.call('POST', '/api/clusters/org/members/m2/representative', { as: 'p2', body: { representative: { personId: 'p2b', role: 'Wiceprezes' } } })).status).toBe(200);
    expect((await server.call('POST', '/api/clusters/org/members/m5/withdrawal', { as: 'p5', body: { withdrawnOn: '2024-05-31', writtenNoticeRef: 'W/5' } })).status).toBe(201);
    // Admitted after the fact at 23:30 UTC on 31 May 2023: 1 June in Warsaw.
    const admitted = await server.call('POST', '/api/clusters/org/members', {
      as: 'p1',
      body: { memberId: 'm7', organisation: { name: 'Nocna Spółdzielnia', sector: 'social_economy' }, representative: { personId: 'p7', role: 'Prezes' }, admittedOn: '2023-06-01', occurredAt: '2023-05-31T23:30:00.000Z', reference: 'Uchwała Rady nr 3/2023' },
    });
    expect(admitted.status).toBe(201);

    const now = await bodies();
    expect(seats(find(now, 'council'))).toEqual(['m1:votes', 'm2:votes', 'm3:votes', 'm4:votes', 'h1:attends', 'm7:votes']);
    expect(find(now, 'council')?.members.find((m) => m.memberId === 'm2')?.representative.personId).toBe('p2b');

    const june = await bodies('?asOf=2023-06-01');
    expect(june.pointInTime).toEqual({ asOf: '2023-06-01' });
    // h1 was admitted today (its admittedOn says 2023-02-01, but the act was not recorded after the fact).
    expect(seats(find(june, 'council'))).toEqual(['m1:votes', 'm2:votes', 'm3:votes', 'm4:votes', 'm5:votes', 'm7:votes']);
    expect(find(june, 'council')?.members.find((m) => m.memberId === 'm2')?.representative.personId).toBe('p2');
    // The group was requested today: on that day it was no body yet.
    expect(find(june, 'group:org.promocja')).toBeUndefined();

    const may = await bodies('?asOf=2023-05-31');
    expect(seats(find(may, 'general_meeting'))).toEqual(['m1:votes', 'm2:votes', 'm3:votes', 'm4:votes', 'm5:votes']);
  });

  it('refuses what it cannot answer: another cluster’s person (404), a day before the founding (404), asOf with atPosition (400)', async () => {
    const outsider = await server.call('GET', '/api/clusters/org/bodies', { as: 'z1' });
    expect([outsider.status, outsider.body.code]).toEqual([404, 'not_found']);
    const before = await server.call('GET', '/api/clusters/org/bodies?asOf=2022-12-31', { as: 'p3' });
    expect([before.status, before.body.code]).toEqual([404, 'not_founded_by_then']);
    const both = await server.call('GET', '/api/clusters/org/bodies?asOf=2023-06-01&atPosition=3', { as: 'p3' });
    expect([both.status, both.body.code]).toEqual([400, 'invalid_request']);
    expect((await server.call('GET', '/api/clusters/org/bodies?asOf=yesterday', { as: 'p3' })).status).toBe(400);
  });

  it('under seed 004’s agreement the council is one representative of each of its 19 signatories, each voting', async () => {
    await loadSeed004(server.app);
    const res = await server.call('GET', `/api/clusters/${SEED_004_CLUSTER_ID}/bodies?asOf=2014-11-21`, { as: 'elzbieta-nowakowska', position: false });
    expect(res.status).toBe(200);
    const council = (res.body.bodies as Body[]).find((b) => b.body === 'council')!;
    expect(council.name).toBe('Rada Klastra');
    expect(council.members).toHaveLength(19);
    expect(council.voting).toBe(19);
    expect(council.members.map((m) => `${m.memberId}:${m.representative.personId}`).sort()).toEqual(seed004Signatories.map((s) => `${s.memberId}:${s.personId}`).sort());
  });
});
