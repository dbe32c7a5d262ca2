import { startTestServer, type TestServer } from '../support/test-server';
import { foundOtherCluster, foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';

/** Cluster ke: m1..m6 (people p1..p6; p1's m1 coordinates) and honorary h1 (ph). m6 stays away from the meeting. */
describe('leader elections through HTTP', () => {
  let server: TestServer;
  const e = '/api/elections/ke.wybory-2024';
  const post = (path: string, as: string, body: object = {}) => server.call('POST', `${e}${path}`, { as, body });
  const vote = (member: string, candidate: string | null) => post('/ballots', personOf(member), { memberId: member, candidateMemberId: candidate });

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'ke', { members: 6 });
    await openMeeting(server, 'ke', 'ozc-2024', 'general', ['m1', 'm2', 'm3', 'm4', 'm5', 'h1']);
    await foundOtherCluster(server);
  });
  afterAll(() => server.close());

  it('is called by the coordinator at the general meeting; candidates are nominated and accept', async () => {
    const body = { electionId: 'ke.wybory-2024', meetingId: 'ke.ozc-2024', reason: 'Koordynator wypowiedział porozumienie' };
    expect((await server.call('POST', '/api/clusters/ke/elections', { as: 'p2', body })).status).toBe(403);
    const called = await server.call('POST', '/api/clusters/ke/elections', { as: 'p1', body });
    expect(called.status).toBe(201);
    expect(called.body).toMatchObject({ streamId: 'election-ke.wybory-2024', events: ['ElectionCalled'] });

    for (const [candidate, by] of [['m2', 'p1'], ['m3', 'p4'], ['m4', 'p4']]) {
      expect((await post('/candidates', by, { memberId: candidate })).status).toBe(201);
      expect((await post(`/candidates/${candidate}/acceptance`, personOf(candidate))).status).toBe(201);
    }
    expect((await post('/candidates', 'p2', { memberId: 'h1' })).status).toBe(422);
    expect((await post('/candidates', 'p2', { memberId: 'nie-ma' })).status).toBe(404);
    expect((await post('/candidates/m3/acceptance', 'p2')).status).toBe(403);
    // m5 is nominated and withdraws: it will not be on the ballot.
    expect((await post('/candidates', 'p5', { memberId: 'm5' })).status).toBe(201);
    expect((await post('/candidates/m5/withdrawal', 'p5')).status).toBe(201);
  });

  it('round 1 gives no one an absolute majority: a runoff between the top two follows', async () => {
    const opened = await post('/rounds', 'p1');
    expect(opened.status).toBe(201);
    expect(opened.body.events).toEqual(['RoundOpened']);
    expect((await vote('m1', 'm2')).status).toBe(201);
    expect((await vote('m2', 'm2')).status).toBe(201);
    expect((await vote('m3', 'm3')).status).toBe(201);
    expect((await vote('m4', 'm4')).status).toBe(201);
    // A withdrawn candidate is not on the ballot; abstaining is.
    expect((await vote('m5', 'm5')).status).toBe(422);
    expect((await vote('m5', null)).status).toBe(201);
    // An absent member, an honorary one and a second ballot are refused.
    expect((await vote('m6', 'm2')).status).toBe(422);
    expect((await vote('h1', 'm2')).status).toBe(422);
    expect((await vote('m1', 'm3')).status).toBe(409);

    const closed = await post('/rounds/current/closing', 'p1');
    expect(closed.status).toBe(201);
    expect(closed.body.events).toEqual(['RoundClosed', 'RunoffOpened']);
    const election = (await server.call('GET', e, { as: 'p6' })).body;
    expect(election.status).toBe('voting');
    expect(election.rounds[0].result).toMatchObject({
      outcome: 'runoff',
      counts: [
        { memberId: 'm2', votes: 2 },
        { memberId: 'm3', votes: 1 },
        { memberId: 'm4', votes: 1 },
      ],
      abstain: 1,
      cast: 5,
      quorum: { entitled: 6, present: 5, reached: true },
    });
    // m3 and m4 tie for second place: m3 was nominated first.
    expect(election.rounds[1]).toMatchObject({ round: 2, kind: 'runoff', candidates: ['m2', 'm3'], status: 'open' });
  });

  it('the runoff elects, and the elected member becomes the cluster’s coordinator', async () => {
    expect((await vote('m4', 'm4')).status).toBe(422);
    for (const [member, candidate] of [['m1', 'm2'], ['m2', 'm2'], ['m3', 'm3'], ['m4', 'm3'], ['m5', 'm3']]) {
      expect((await vote(member, candidate)).status).toBe(201);
    }
    const closed = await post('/rounds/current/closing', 'p1');
    expect(closed.status).toBe(201);
    expect(closed.body.events).toEqual(['RoundClosed', 'LeaderElected']);

    const election = (await server.call('GET', e, { as: 'p2' })).body;
    expect(election).toMatchObject({ status: 'elected', result: { outcome: 'elected', memberId: 'm3', round: 2, votes: 3 } });
    expect(election.candidates.map((c: { memberId: string; status: string }) => `${c.memberId}:${c.status}`)).toEqual(['m2:accepted', 'm3:accepted', 'm4:accepted', 'm5:withdrawn']);

    const cluster = (await server.call('GET', '/api/clusters/ke', { as: 'p2' })).body;
    expect(cluster.coordinator).toMatchObject({ status: 'held', memberId: 'm3', organisation: 'Organizacja 3', vacantSince: null });
    // The election is over; the former coordinator no longer coordinates.
    expect((await post('/rounds', 'p3')).status).toBe(409);
    const admission = { memberId: 'm9', organisation: { name: 'Nowa', sector: 'business' }, representative: { personId: 'p9', role: 'Prezes' }, admittedOn: '2024-03-15' };
    expect((await server.call('POST', '/api/clusters/ke/members', { as: 'p1', body: admission })).status).toBe(403);
    expect((await server.call('POST', '/api/clusters/ke/members', { as: 'p3', body: admission })).status).toBe(201);
    // Closing again is refused, and never undoes a later hand-over.
    expect((await server.call('POST', '/api/clusters/ke/coordinator', { as: 'p3', body: { memberId: 'm4' } })).status).toBe(200);
    expect((await post('/rounds/current/closing', 'p1')).status).toBe(409);
    expect((await server.call('GET', '/api/clusters/ke', { as: 'p2' })).body.coordinator.memberId).toBe('m4');
  });

  it('is hidden from a person of another cluster', async () => {
    expect((await server.call('GET', e, { as: 'z1' })).status).toBe(404);
    expect((await post('/candidates', 'z1', { memberId: 'z' })).status).toBe(404);
    expect((await server.call('POST', '/api/clusters/ke/elections', { as: 'z1', body: { electionId: 'ke.obce', meetingId: 'ke.ozc-2024', reason: 'x' } })).status).toBe(404);
    expect((await server.call('GET', '/api/elections/ke.nie-ma', { as: 'p1' })).status).toBe(404);
  });
});
