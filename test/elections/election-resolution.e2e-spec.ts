import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../apps/server/src/event-store/event-store.module';
import { ReactorCheckpoints } from '../../apps/server/src/reactors/reactor-checkpoints';
import { ReactorRunner } from '../../apps/server/src/reactors/reactor-runner';
import { reactions } from '../../apps/server/src/reactors/reactions';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';

/**
 * Cluster ur: m1..m5 (p1..p5; p1's m1 coordinates) and honorary h1. A leader elected by the general
 * meeting is a numbered resolution of that meeting's body, like any vote: the reactor gives it the
 * register's next number and records it on the election.
 */
describe('a leader election ends in a numbered resolution', () => {
  let server: TestServer;
  let year: string;
  const e = '/api/elections/ur.wybory';
  const post = (path: string, as: string, body: object = {}) => server.call('POST', path, { as, body });

  async function countOf(type: string): Promise<number> {
    let n = 0;
    for await (const event of server.app.get<EventStore>(EVENT_STORE).readAll()) if (event.type === type) n++;
    return n;
  }

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'ur');
    const meetingId = await openMeeting(server, 'ur', 'ozc', 'general', ['m1', 'm2', 'm3', 'm4', 'm5', 'h1']);
    // A vote of the same general meeting is numbered first.
    expect((await post(`/api/meetings/${meetingId}/votes`, 'p1', { voteId: 'porzadek', agendaItemId: 'a1', motion: 'Przyjmuje się porządek obrad' })).status).toBe(201);
    const closed = await post(`/api/meetings/${meetingId}/votes/porzadek/closing`, 'p1');
    const number: string = closed.body.consequences[0].events[0] === 'ResolutionNumberAssigned' ? (await server.call('GET', '/api/clusters/ur/resolutions', { as: 'p1' })).body[0].number : '';
    expect(number).toMatch(/^1\/\d{4}$/);
    year = number.slice(2);
  });
  afterAll(() => server.close());

  it('an inconclusive election takes no number', async () => {
    expect((await post('/api/clusters/ur/elections', 'p1', { electionId: 'remis', meetingId: 'ozc', reason: 'Kadencja upłynęła' })).status).toBe(201);
    const r = '/api/elections/ur.remis';
    for (const m of ['m2', 'm3']) {
      await post(`${r}/candidates`, 'p1', { memberId: m });
      await post(`${r}/candidates/${m}/acceptance`, personOf(m));
    }
    await post(`${r}/rounds`, 'p1');
    // Nobody votes for anyone: inconclusive.
    for (const m of ['m1', 'm2', 'm3', 'm4']) expect((await post(`${r}/ballots`, personOf(m), { memberId: m, candidateMemberId: null })).status).toBe(201);
    const closed = await post(`${r}/rounds/current/closing`, 'p1');
    expect(closed.body.events).toEqual(['RoundClosed', 'ElectionInconclusive']);
    expect(closed.body.consequences ?? []).toEqual([]);
    expect((await server.call('GET', r, { as: 'p2' })).body.resolution).toBeNull();
    expect((await server.call('GET', '/api/clusters/ur/resolutions', { as: 'p2' })).body).toHaveLength(1);
  });

  it('the close answers with its number and the new leader installed', async () => {
    expect((await post('/api/clusters/ur/elections', 'p1', { electionId: 'wybory', meetingId: 'ozc', reason: 'Koordynator kończy kadencję' })).status).toBe(201);
    await post(`${e}/candidates`, 'p1', { memberId: 'm3' });
    await post(`${e}/candidates/m3/acceptance`, 'p3');
    await post(`${e}/rounds`, 'p1');
    for (const m of ['m1', 'm2', 'm3', 'm4']) expect((await post(`${e}/ballots`, personOf(m), { memberId: m, candidateMemberId: 'm3' })).status).toBe(201);
    expect((await post(`${e}/ballots`, 'p5', { memberId: 'm5', candidateMemberId: null })).status).toBe(201);
    const closed = await post(`${e}/rounds/current/closing`, 'p1');
    expect(closed.status).toBe(201);
    expect(closed.body.events).toEqual(['RoundClosed', 'LeaderElected']);
    expect(closed.body.consequences.map((c: { streamId: string; events: string[] }) => [c.streamId, c.events])).toEqual([
      // What LeaderElected caused, then what those caused.
      ['resolutions-ur', ['ResolutionNumberAssigned']],
      ['cluster-ur', ['CoordinatorAppointed']],
      ['election-ur.wybory', ['ElectionResolutionNumbered']],
    ]);
    expect(closed.body.consequencesPending).toBeUndefined();
  });

  it('the election, the register and the resolution read all name it n/yyyy of the general meeting', async () => {
    const election = (await server.call('GET', e, { as: 'p2' })).body;
    expect(election.resolution).toEqual({ number: `2/${year}`, body: 'general_meeting', sequence: 2, year: Number(year) });
    expect((await server.call('GET', '/api/clusters/ur/elections', { as: 'p2' })).body.find((x: { electionId: string }) => x.electionId === 'ur.wybory').resolution.number).toBe(`2/${year}`);

    const register = (await server.call('GET', '/api/clusters/ur/resolutions', { as: 'p2' })).body;
    expect(register).toEqual([
      expect.objectContaining({ number: `1/${year}`, body: 'general_meeting', meetingId: 'ur.ozc', voteId: 'porzadek' }),
      { number: `2/${year}`, body: 'general_meeting', sequence: 2, year: Number(year), meetingId: 'ur.ozc', electionId: 'ur.wybory' },
    ]);

    const read = await server.call('GET', `/api/clusters/ur/resolutions/general_meeting/2-${year}`, { as: 'ph' });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      number: `2/${year}`,
      body: 'general_meeting',
      meeting: { meetingId: 'ur.ozc', kind: 'general' },
      vote: null,
      election: {
        electionId: 'ur.wybory',
        reason: 'Koordynator kończy kadencję',
        status: 'elected',
        elected: { memberId: 'm3', round: 1, votes: 4 },
        round: { round: 1, kind: 'normal', counts: [{ memberId: 'm3', votes: 4 }], abstain: 1, cast: 5, quorum: { entitled: 5, present: 5, reached: true } },
      },
      charter: { version: 1 },
      agreement: { version: 1 },
    });
    expect(read.body.election.round.ballots).toHaveLength(5);
    // The vote's own resolution still reads as a vote.
    const vote = await server.call('GET', `/api/clusters/ur/resolutions/general_meeting/1-${year}`, { as: 'ph' });
    expect(vote.body).toMatchObject({ vote: { voteId: 'porzadek' }, election: null });
  });

  it('reacting to the whole log again (a lost checkpoint) writes nothing new', async () => {
    const before = await Promise.all(['ResolutionNumberAssigned', 'ElectionResolutionNumbered', 'CoordinatorAppointed'].map(countOf));
    const dir = mkdtempSync(join(tmpdir(), 'klaster-reactor-'));
    const checkpoints = new ReactorCheckpoints(join(dir, 'reactors.sqlite'));
    const store = server.app.get<EventStore>(EVENT_STORE);
    const replay = new ReactorRunner(store, checkpoints, reactions, { name: 'replay' });
    try {
      replay.start();
      expect(await replay.waitFor(await store.headPosition(), 20_000)).toBe(true);
    } finally {
      await replay.stop();
      checkpoints.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await Promise.all(['ResolutionNumberAssigned', 'ElectionResolutionNumbered', 'CoordinatorAppointed'].map(countOf))).toEqual(before);
    expect(before).toEqual([2, 1, 2]);
  });

  it('a vote and an election closing at the same moment take the next two numbers, without a gap or a double', async () => {
    // m3 now coordinates (elected above).
    expect((await post('/api/clusters/ur/elections', 'p3', { electionId: 'druga', meetingId: 'ozc', reason: 'Ponowny wybór' })).status).toBe(201);
    await post('/api/elections/ur.druga/candidates', 'p3', { memberId: 'm4' });
    await post('/api/elections/ur.druga/candidates/m4/acceptance', 'p4');
    await post('/api/elections/ur.druga/rounds', 'p3');
    for (const m of ['m1', 'm2', 'm3', 'm4']) expect((await post('/api/elections/ur.druga/ballots', personOf(m), { memberId: m, candidateMemberId: 'm4' })).status).toBe(201);
    expect((await post('/api/meetings/ur.ozc/votes', 'p3', { voteId: 'budzet', agendaItemId: 'a1', motion: 'Budżet' })).status).toBe(201);
    const [election, vote] = await Promise.all([post('/api/elections/ur.druga/rounds/current/closing', 'p3'), post('/api/meetings/ur.ozc/votes/budzet/closing', 'p3')]);
    expect([election.status, vote.status]).toEqual([201, 201]);
    const register = (await server.call('GET', '/api/clusters/ur/resolutions', { as: 'p2' })).body as { number: string; voteId?: string; electionId?: string }[];
    expect(register.map((r) => r.number)).toEqual([1, 2, 3, 4].map((n) => `${n}/${year}`));
    expect(register.slice(2).map((r) => r.electionId ?? r.voteId).sort()).toEqual(['budzet', 'ur.druga']);
    const numbered = (await server.call('GET', '/api/elections/ur.druga', { as: 'p2' })).body.resolution.number;
    expect(register.find((r) => r.electionId === 'ur.druga')?.number).toBe(numbered);
  });
});

describe('an election recorded after the fact is numbered in the year its round closed, in the cluster’s zone', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'hist');
  });
  afterAll(() => server.close());

  it('a round closed at 00:30 on 1 January in Warsaw (23:30 UTC the day before) is 1/2025', async () => {
    const record = (path: string, occurredAt: string, body: object = {}) => server.call('POST', path, { as: 'p1', body: { ...body, occurredAt, reference: 'Protokół OZC nr 1/2025' } });
    const mt = '/api/meetings/hist.ozc-sylwester';
    const expectRecorded = (res: { status: number; body: unknown }) => expect([res.status, res.body]).toEqual([201, expect.objectContaining({ position: expect.any(String) })]);
    const convened = await record('/api/clusters/hist/meetings', '2024-12-20', { meetingId: 'ozc-sylwester', kind: 'extraordinary_general', title: 'Nadzwyczajne Zebranie', scheduledFor: '2024-12-31T22:00:00.000Z', venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Wybór lidera' }] });
    expectRecorded(convened);
    expectRecorded(await record(`${mt}/opening`, '2024-12-31T22:00:00.000Z'));
    for (const m of ['m1', 'm2', 'm3', 'm4']) expectRecorded(await record(`${mt}/attendance`, '2024-12-31T22:05:00.000Z', { memberId: m, presence: 'in_person' }));
    const e = '/api/elections/hist.sylwester';
    expectRecorded(await record('/api/clusters/hist/elections', '2024-12-31T22:10:00.000Z', { electionId: 'sylwester', meetingId: 'ozc-sylwester', reason: 'Rezygnacja lidera' }));
    expectRecorded(await record(`${e}/candidates`, '2024-12-31T22:15:00.000Z', { memberId: 'm2' }));
    expectRecorded(await record(`${e}/candidates/m2/acceptance`, '2024-12-31T22:16:00.000Z'));
    expectRecorded(await record(`${e}/rounds`, '2024-12-31T22:20:00.000Z'));
    for (const m of ['m1', 'm2', 'm3', 'm4']) expectRecorded(await record(`${e}/ballots`, '2024-12-31T22:30:00.000Z', { memberId: m, candidateMemberId: 'm2' }));
    const closed = await record(`${e}/rounds/current/closing`, '2024-12-31T23:30:00.000Z');
    expect(closed.body.events).toEqual(['RoundClosed', 'LeaderElected']);
    const election = (await server.call('GET', e, { as: 'p3' })).body;
    expect(election.resolution).toMatchObject({ number: '1/2025', year: 2025, body: 'general_meeting' });
    const read = await server.call('GET', '/api/clusters/hist/resolutions/general_meeting/1-2025', { as: 'p3' });
    expect(read.body).toMatchObject({ passedOn: '2025-01-01', occurredAt: '2024-12-31T23:30:00.000Z', election: { electionId: 'hist.sylwester' } });
  });
});
