import { qualifiedId } from '@klaster/domain';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';
import { startTestServer, type TestServer } from '../support/test-server';

/** A refused command writes nothing; people acting at once queue instead of refusing each other. */
describe('commands under load and refused commands', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'kl', { members: 50 });
  });
  afterAll(() => server.close());

  const vote = (meetingId: string, voteId: string, extra: object = {}) =>
    server.call('POST', `/api/meetings/${qualifiedId('kl', meetingId)}/votes`, { as: 'p1', body: { voteId, agendaItemId: 'a1', motion: `Uchwała ${voteId}`, ...extra } });
  const cast = (meetingId: string, voteId: string, memberId: string, choice = 'yes') =>
    server.call('POST', `/api/meetings/${qualifiedId('kl', meetingId)}/votes/${voteId}/ballots`, { as: personOf(memberId), body: { memberId, choice } });
  const close = (meetingId: string, voteId: string, as = 'p1') => server.call('POST', `/api/meetings/${qualifiedId('kl', meetingId)}/votes/${voteId}/closing`, { as, body: {} });
  const register = async () => (await server.call('GET', '/api/clusters/kl/resolutions', { as: 'p1' })).body as { number: string; voteId: string }[];

  it('a refused close takes no resolution number: the register stays gap-free, in the order votes closed', async () => {
    await openMeeting(server, 'kl', 'rada-numery', 'council', ['m1', 'm2', 'm3']);
    for (const v of ['v1', 'v2']) expect((await vote('rada-numery', v)).status).toBe(201);
    // An ordinary member may not close: 403, and nothing is numbered.
    const refused = await close('rada-numery', 'v1', 'p2');
    expect(refused.status).toBe(403);
    expect(await register()).toEqual([]);
    // v2 closes first, so it is 1/yyyy; v1 is 2/yyyy. The answer carries the number it was given.
    const second = await close('rada-numery', 'v2');
    expect(second.status).toBe(201);
    expect(second.body.consequences.map((c: { events: string[] }) => c.events)).toEqual([['ResolutionNumberAssigned'], ['ResolutionNumbered']]);
    expect((await close('rada-numery', 'v1')).status).toBe(201);
    const year = new Date().getFullYear();
    expect((await register()).map((r) => [r.voteId, r.number])).toEqual([
      ['v2', `1/${year}`],
      ['v1', `2/${year}`],
    ]);
    // The meeting names its resolutions, and its ETag is the revision after the number was recorded.
    const meeting = await server.call('GET', '/api/meetings/kl.rada-numery', { as: 'p1' });
    expect(meeting.body.votes.map((v: { voteId: string; result: { resolution: { number: string } } }) => [v.voteId, v.result.resolution.number])).toEqual([
      ['v1', `2/${year}`],
      ['v2', `1/${year}`],
    ]);
    // Closing again is a real conflict, and still takes no number.
    expect((await close('rada-numery', 'v1')).status).toBe(409);
    expect(await register()).toHaveLength(2);
  });

  it("20 simultaneous first ballots of one member: one is counted, the others are told it already voted", async () => {
    await openMeeting(server, 'kl', 'rada-podwojne', 'council', ['m1', 'm2']);
    expect((await vote('rada-podwojne', 'v1')).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => cast('rada-podwojne', 'v1', 'm2', i % 2 ? 'yes' : 'no')));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(19);
    for (const a of refused) expect(a).toMatchObject({ status: 409, body: { message: expect.stringMatching(/already voted; correct the ballot instead/) } });
    const meeting = await server.call('GET', '/api/meetings/kl.rada-podwojne', { as: 'p1' });
    expect(meeting.body.votes[0].ballots).toEqual([expect.objectContaining({ memberId: 'm2', corrections: 0 })]);
  });

  it('a secret vote closed while ballots arrive: the close succeeds, every ballot answered 2xx is counted, later ones are refused', async () => {
    const members = Array.from({ length: 40 }, (_, i) => `m${i + 1}`);
    await openMeeting(server, 'kl', 'ozc-tajne', 'general', members);
    expect((await vote('ozc-tajne', 's1', { secrecy: 'secret' })).status).toBe(201);
    for (const m of members.slice(0, 5)) expect((await cast('ozc-tajne', 's1', m)).status).toBe(201);
    const racing = members.slice(5).map((m, i) => cast('ozc-tajne', 's1', m, i % 3 === 0 ? 'no' : 'yes'));
    const closing = close('ozc-tajne', 's1');
    const [closed, ...ballots] = await Promise.all([closing, ...racing]);
    expect(closed.status).toBe(201);
    const accepted = ballots.filter((b) => b.status === 201).length;
    for (const b of ballots.filter((b) => b.status !== 201)) expect(b).toMatchObject({ status: 422, body: { message: expect.stringMatching(/closed/) } });
    const result = (await server.call('GET', '/api/meetings/kl.ozc-tajne', { as: 'p1' })).body.votes[0].result;
    const { yes, no, abstain } = result.tally;
    expect(yes + no + abstain).toBe(5 + accepted);
    // A ballot after the close is refused and makes no key: the vote's key is gone for good.
    expect((await cast('ozc-tajne', 's1', 'm40', 'no')).status).toBe(422);
    const box = new Database(join(server.dataDir, 'ballot-box.sqlite'), { readonly: true });
    try {
      // Only the mark that it was destroyed remains (so the late ballot could not make a new one).
      expect(box.prepare("SELECT vote_key, key IS NULL AS gone, destroyed_at IS NOT NULL AS destroyed FROM secret_ballot_keys WHERE vote_key LIKE 'kl.ozc-tajne/%'").all()).toEqual([
        { vote_key: 'kl.ozc-tajne/s1', gone: 1, destroyed: 1 },
      ]);
    } finally {
      box.close();
    }
  });

  it('50 agenda items added at once by the coordinator, and 50 members recording attendance at once, all succeed', async () => {
    const convened = await server.call('POST', '/api/clusters/kl/meetings', {
      as: 'p1',
      body: { meetingId: 'kl.ozc-tlok', kind: 'general', title: 'Walne', scheduledFor: '2024-05-01T10:00:00Z', venue: { mode: 'in_person', place: 'Olsztyn' } },
    });
    expect(convened.status).toBe(201);
    const items = await Promise.all(Array.from({ length: 50 }, (_, i) => server.call('POST', '/api/meetings/kl.ozc-tlok/agenda', { as: 'p1', body: { itemId: `a${i}`, title: `Punkt ${i}` } })));
    expect(items.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect((await server.call('POST', '/api/meetings/kl.ozc-tlok/opening', { as: 'p1', body: {} })).status).toBe(201);
    const members = Array.from({ length: 50 }, (_, i) => `m${i + 1}`);
    const present = await Promise.all(members.map((m) => server.call('POST', '/api/meetings/kl.ozc-tlok/attendance', { as: personOf(m), body: { memberId: m, presence: 'online' } })));
    expect(present.map((r) => r.status)).toEqual(Array(50).fill(201));
    const meeting = await server.call('GET', '/api/meetings/kl.ozc-tlok', { as: 'p1' });
    expect(meeting.body.agenda).toHaveLength(50);
    expect(meeting.body.attendance).toHaveLength(50);
  });

  it('If-Match follows HTTP: a stale one is 412; on POST …/meetings it is the cluster\'s revision, not the new meeting\'s', async () => {
    const cluster = await server.call('GET', '/api/clusters/kl', { as: 'p1' });
    const etag = cluster.headers.get('etag')!;
    const body = (meetingId: string) => ({ meetingId, kind: 'council', title: 'Rada', scheduledFor: '2024-06-01T10:00:00Z', venue: { mode: 'online', url: 'https://meet.example/r' } });
    const fresh = await server.call('POST', '/api/clusters/kl/meetings', { as: 'p1', body: body('rada-etag'), headers: { 'if-match': etag } });
    expect(fresh.status).toBe(201);
    const stale = await server.call('POST', '/api/clusters/kl/meetings', { as: 'p1', body: body('rada-etag-2'), headers: { 'if-match': 'W/"0"' } });
    expect(stale).toMatchObject({ status: 412, body: { code: 'stale_revision' } });
    expect((await server.call('GET', '/api/meetings/kl.rada-etag-2', { as: 'p1' })).status).toBe(404);
    // On the meeting itself: its own revision.
    const meetingEtag = fresh.headers.get('etag')!;
    expect((await server.call('POST', '/api/meetings/kl.rada-etag/agenda', { as: 'p1', body: { itemId: 'x', title: 'X' }, headers: { 'if-match': meetingEtag } })).status).toBe(201);
    expect((await server.call('POST', '/api/meetings/kl.rada-etag/agenda', { as: 'p1', body: { itemId: 'y', title: 'Y' }, headers: { 'if-match': meetingEtag } })).status).toBe(412);
    expect((await server.call('POST', '/api/meetings/kl.rada-etag/agenda', { as: 'p1', body: { itemId: 'z', title: 'Z' }, headers: { 'if-match': 'yesterday' } })).status).toBe(400);
  });
});
