import { randomUUID } from 'node:crypto';
import { defaultCharter } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../apps/server/src/event-store/event-store.module';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster, personOf } from '../support/small-cluster';

/**
 * Cluster wakat: m1..m5 (p1..p5; p1's m1 coordinates) and honorary h1 (ph). m1 withdraws: the office
 * is vacant, nobody acts as the coordinator, and under the default charter any voting member's
 * representative convenes the general meeting that elects a new leader.
 */
describe('a vacant coordinator’s office through HTTP', () => {
  let server: TestServer;
  const meeting = (body: object) => ({ kind: 'general', title: 'Nadzwyczajne Zebranie Członków', scheduledFor: '2024-06-10T10:00:00.000Z', venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Wybór lidera' }], ...body });
  const convene = (as: string, body: object) => server.call('POST', '/api/clusters/wakat/meetings', { as, body: meeting(body) });

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'wakat');
    const withdrew = await server.call('POST', '/api/clusters/wakat/members/m1/withdrawal', { as: 'p1', body: { withdrawnOn: '2024-05-31', writtenNoticeRef: 'Pismo z 31.05.2024' } });
    expect(withdrew.status).toBe(201);
  });
  afterAll(() => server.close());

  it('GET shows the office vacant since the withdrawal, not the withdrawn member; a past day shows it held', async () => {
    const now = await server.call('GET', '/api/clusters/wakat', { as: 'p2' });
    expect(now.body.coordinator).toEqual({ status: 'vacant', memberId: null, organisation: null, since: null, vacantSince: '2024-05-31', previousMemberId: 'm1' });
    expect(now.body.charter.convenerWhileVacant).toEqual({ kind: 'any_voting_member' });
    const before = await server.call('GET', '/api/clusters/wakat?asOf=2023-06-01', { as: 'p2' });
    expect(before.body.coordinator).toMatchObject({ status: 'held', memberId: 'm1', organisation: 'Organizacja 1', vacantSince: null });
  });

  it('nobody acts as the coordinator: no council meeting, no admission, no recording of the past', async () => {
    const council = await convene('p2', { meetingId: 'rada-x', kind: 'council' });
    expect([council.status, council.body.code]).toEqual([403, 'forbidden']);
    const admit = await server.call('POST', '/api/clusters/wakat/members', {
      as: 'p2',
      body: { memberId: 'm9', organisation: { name: 'Nowa', sector: 'business' }, representative: { personId: 'p9', role: 'Prezes' }, admittedOn: '2024-06-01' },
    });
    expect(admit.status).toBe(403);
    // The former coordinator's person no longer reads the cluster at all.
    expect((await convene('p1', { meetingId: 'ozc-p1' })).status).toBe(404);
  });

  it('any voting member’s representative convenes the general meeting (an honorary one does not), and its convener runs it', async () => {
    const honorary = await convene('ph', { meetingId: 'ozc-ph' });
    expect([honorary.status, honorary.body.code]).toEqual([403, 'not_acting_for_vacant_office']);
    const convened = await convene('p2', { meetingId: 'ozc-wybory' });
    expect(convened.status).toBe(201);
    expect((await server.call('POST', '/api/meetings/wakat.ozc-wybory/opening', { as: 'p3', body: {} })).status).toBe(403);
    expect((await server.call('POST', '/api/meetings/wakat.ozc-wybory/opening', { as: 'p2', body: {} })).status).toBe(201);
    for (const m of ['m2', 'm3', 'm4', 'm5']) {
      // The convener records the others present.
      expect((await server.call('POST', '/api/meetings/wakat.ozc-wybory/attendance', { as: 'p2', body: { memberId: m, presence: 'in_person' } })).status).toBe(201);
    }
  });

  it('the election it holds fills the office, and then the new leader alone acts as the coordinator', async () => {
    const e = '/api/elections/wakat.wybory';
    const call = await server.call('POST', '/api/clusters/wakat/elections', { as: 'p3', body: { electionId: 'wybory', meetingId: 'ozc-wybory', reason: 'Lider wystąpił z klastra' } });
    expect(call.status).toBe(201);
    expect((await server.call('POST', `${e}/candidates`, { as: 'p2', body: { memberId: 'm4' } })).status).toBe(201);
    expect((await server.call('POST', `${e}/candidates/m4/acceptance`, { as: 'p4', body: {} })).status).toBe(201);
    // Whoever called it conducts it.
    expect((await server.call('POST', `${e}/rounds`, { as: 'p2', body: {} })).status).toBe(403);
    expect((await server.call('POST', `${e}/rounds`, { as: 'p3', body: {} })).status).toBe(201);
    for (const m of ['m2', 'm3', 'm4', 'm5']) {
      expect((await server.call('POST', `${e}/ballots`, { as: personOf(m), body: { memberId: m, candidateMemberId: 'm4' } })).status).toBe(201);
    }
    const closed = await server.call('POST', `${e}/rounds/current/closing`, { as: 'p3', body: {} });
    expect(closed.body.events).toEqual(['RoundClosed', 'LeaderElected']);
    const cluster = await server.call('GET', '/api/clusters/wakat', { as: 'p2' });
    expect(cluster.body.coordinator).toMatchObject({ status: 'held', memberId: 'm4', vacantSince: null });
    // The office is held again: the vacancy rule no longer lets p2 convene.
    expect((await convene('p2', { meetingId: 'ozc-2' })).status).toBe(403);
    expect((await convene('p4', { meetingId: 'rada-1', kind: 'council' })).status).toBe(201);
  });
});

describe('a vacant office: who acts for it, under a named member, at once, and under a charter stored before the rule', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('under a charter naming a member, only its representative convenes', async () => {
    await foundSmallCluster(server, 'nazw', { charter: { convenerWhileVacant: { kind: 'named_member', memberId: 'm3' } } });
    await server.call('POST', '/api/clusters/nazw/members/m1/withdrawal', { as: 'p1', body: { withdrawnOn: '2024-05-31', writtenNoticeRef: 'W/1' } });
    const body = { meetingId: 'ozc', kind: 'general', title: 'Zebranie', scheduledFor: '2024-06-10T10:00:00.000Z', venue: { mode: 'online', url: 'https://meet.example/z' }, agenda: [] };
    const other = await server.call('POST', '/api/clusters/nazw/meetings', { as: 'p2', body });
    expect([other.status, other.body.message]).toEqual([403, expect.stringContaining('representative of m3')]);
    expect((await server.call('POST', '/api/clusters/nazw/meetings', { as: 'p3', body })).status).toBe(201);
  });

  it('refuses a charter naming a member the cluster does not have', async () => {
    await expect(foundSmallCluster(server, 'zly', { charter: { convenerWhileVacant: { kind: 'named_member', memberId: 'm77' } } })).rejects.toThrow(/unknown_member/);
  });

  it('two members handing coordination over at once while it is vacant: one succeeds, the other finds the office held', async () => {
    await foundSmallCluster(server, 'naraz');
    await server.call('POST', '/api/clusters/naraz/members/m1/withdrawal', { as: 'p1', body: { withdrawnOn: '2024-05-31', writtenNoticeRef: 'W/1' } });
    const [a, b] = await Promise.all([
      server.call('POST', '/api/clusters/naraz/coordinator', { as: 'p2', body: { memberId: 'm2' } }),
      server.call('POST', '/api/clusters/naraz/coordinator', { as: 'p3', body: { memberId: 'm3' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 403]);
    const winner = a.status === 200 ? 'm2' : 'm3';
    expect((await server.call('GET', '/api/clusters/naraz', { as: 'p2' })).body.coordinator).toMatchObject({ status: 'held', memberId: winner });
  });

  it('two members convening the general meeting at once while it is vacant: the same meeting is convened once, by one of them, who alone runs it', async () => {
    await foundSmallCluster(server, 'zwol');
    await server.call('POST', '/api/clusters/zwol/members/m1/withdrawal', { as: 'p1', body: { withdrawnOn: '2024-05-31', writtenNoticeRef: 'W/1' } });
    const body = { meetingId: 'ozc', kind: 'general', title: 'Zebranie', scheduledFor: '2024-06-10T10:00:00.000Z', venue: { mode: 'online', url: 'https://meet.example/z' }, agenda: [] };
    const [a, b] = await Promise.all([
      server.call('POST', '/api/clusters/zwol/meetings', { as: 'p2', body }),
      server.call('POST', '/api/clusters/zwol/meetings', { as: 'p3', body }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const [convener, other] = a.status === 201 ? ['p2', 'p3'] : ['p3', 'p2'];
    expect((await server.call('GET', '/api/meetings/zwol.ozc', { as: 'p4' })).body.convenedBy).toBe(convener);
    const refused = await server.call('POST', '/api/meetings/zwol.ozc/opening', { as: other, body: {} });
    expect([refused.status, refused.body.code]).toEqual([403, 'not_acting_for_vacant_office']);
    expect((await server.call('POST', '/api/meetings/zwol.ozc/opening', { as: convener, body: {} })).status).toBe(201);
  });

  it('two members convening two general meetings at once while it is vacant: both are convened, each run by its own convener', async () => {
    await foundSmallCluster(server, 'dwa');
    await server.call('POST', '/api/clusters/dwa/members/m1/withdrawal', { as: 'p1', body: { withdrawnOn: '2024-05-31', writtenNoticeRef: 'W/1' } });
    const body = (meetingId: string) => ({ meetingId, kind: 'general', title: meetingId, scheduledFor: '2024-06-10T10:00:00.000Z', venue: { mode: 'online', url: 'https://meet.example/z' }, agenda: [] });
    const [a, b] = await Promise.all([
      server.call('POST', '/api/clusters/dwa/meetings', { as: 'p2', body: body('ozc-a') }),
      server.call('POST', '/api/clusters/dwa/meetings', { as: 'p3', body: body('ozc-b') }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await server.call('POST', '/api/meetings/dwa.ozc-a/opening', { as: 'p3', body: {} })).status).toBe(403);
    expect((await server.call('POST', '/api/meetings/dwa.ozc-b/opening', { as: 'p2', body: {} })).status).toBe(403);
    expect((await server.call('POST', '/api/meetings/dwa.ozc-a/opening', { as: 'p2', body: {} })).status).toBe(201);
    expect((await server.call('POST', '/api/meetings/dwa.ozc-b/opening', { as: 'p3', body: {} })).status).toBe(201);
    // Neither is a council meeting's convener: the office stays vacant.
    expect((await server.call('GET', '/api/clusters/dwa', { as: 'p2' })).body.coordinator.status).toBe('vacant');
  });

  it('a cluster whose charter was stored before the rule reads with the default, and any voting member convenes', async () => {
    const store = server.app.get<EventStore>(EVENT_STORE);
    const { convenerWhileVacant: _c, ...oldCharter } = defaultCharter;
    const meta = (recordedAt: string, schemaVersion: number) => ({ actor: 'p1', correlationId: 'legacy', causationId: 'legacy', schemaVersion, recordedAt });
    const member = (n: number) => ({ memberId: `m${n}`, organisation: { name: `Stara ${n}`, sector: 'business' }, kind: 'ordinary', votingWeight: 1, representative: { personId: `p${n}`, role: 'Prezes' }, admittedOn: '2015-01-10', founding: true });
    const founded = await store.append(
      'cluster-stary',
      [
        {
          id: randomUUID(),
          type: 'ClusterFounded',
          data: { clusterId: 'stary', name: 'Stary klaster', foundedOn: '2015-01-10', coordinatorMemberId: 'm1', charter: oldCharter, agreement: { version: 1, title: 'P', sections: [{ number: '§ 1', title: '', text: 'x' }], textHash: 'a'.repeat(64) } },
          metadata: meta('2015-01-10T10:00:00.000Z', 1),
        },
        ...[1, 2, 3].map((n) => ({ id: randomUUID(), type: 'MemberAdmitted', data: member(n), metadata: meta('2015-01-10T10:00:00.000Z', 2) })),
        { id: randomUUID(), type: 'CoordinatorAppointed', data: { memberId: 'm1', appointedAt: '2015-01-10T10:00:00.000Z' }, metadata: meta('2015-01-10T10:00:00.000Z', 1) },
      ],
      { expectedRevision: 'no_stream' },
    );
    const read = await server.call('GET', `/api/clusters/stary?position=${founded.position}`, { as: 'p2' });
    expect(read.body.charter.convenerWhileVacant).toEqual({ kind: 'any_voting_member' });
    expect((await server.call('POST', '/api/clusters/stary/members/m1/withdrawal', { as: 'p1', body: { withdrawnOn: '2024-05-31', writtenNoticeRef: 'W/1' } })).status).toBe(201);
    const body = { meetingId: 'ozc', kind: 'general', title: 'Zebranie', scheduledFor: '2024-06-10T10:00:00.000Z', venue: { mode: 'online', url: 'https://meet.example/z' }, agenda: [] };
    expect((await server.call('POST', '/api/clusters/stary/meetings', { as: 'p3', body })).status).toBe(201);
  });
});
