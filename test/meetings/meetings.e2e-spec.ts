import { qualifiedId } from '@klaster/domain';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteEventStore } from '@klaster/event-store';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';

describe('meetings, votes and resolutions through HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'k5', { charter: { proxiesAllowed: true } });
  });
  afterAll(() => server.close());

  const vote = (meetingId: string, voteId: string, body: object = {}) =>
    server.call('POST', `/api/meetings/${qualifiedId('k5', meetingId)}/votes`, { as: 'p1', body: { voteId, agendaItemId: 'a1', motion: `Uchwała ${voteId}`, ...body } });
  const cast = (meetingId: string, voteId: string, member: string, choice: string, as = personOf(member)) =>
    server.call('POST', `/api/meetings/${qualifiedId('k5', meetingId)}/votes/${voteId}/ballots`, { as, body: { memberId: member, choice } });
  const closeVote = (meetingId: string, voteId: string) => server.call('POST', `/api/meetings/${qualifiedId('k5', meetingId)}/votes/${voteId}/closing`, { as: 'p1', body: {} });

  it('a council vote: ballots, a correction, and a numbered resolution with counts and quorum', async () => {
    await openMeeting(server, 'k5', 'rada-1', 'council', ['m1', 'm2', 'm3', 'h1']);
    expect((await vote('rada-1', 'v1')).status).toBe(201);
    expect((await cast('rada-1', 'v1', 'm1', 'yes')).status).toBe(201);
    expect((await cast('rada-1', 'v1', 'm2', 'no')).status).toBe(201);
    expect((await cast('rada-1', 'v1', 'm3', 'no')).status).toBe(201);
    const corrected = await server.call('POST', '/api/meetings/k5.rada-1/votes/v1/corrections', { as: 'p3', body: { memberId: 'm3', choice: 'yes' } });
    expect(corrected.status).toBe(201);
    // An honorary member and an absent one are refused, and nothing is written.
    expect((await cast('rada-1', 'v1', 'h1', 'yes')).status).toBe(422);
    expect((await cast('rada-1', 'v1', 'm4', 'yes')).status).toBe(422);
    const closed = await closeVote('rada-1', 'v1');
    expect(closed.status).toBe(201);
    const meeting = (await server.call('GET', '/api/meetings/k5.rada-1', { as: 'p2' })).body;
    expect(meeting.votes[0].result).toMatchObject({
      resolution: { number: `1/${new Date().getUTCFullYear()}`, body: 'council' },
      outcome: 'adopted',
      tally: { yes: 2, no: 1, abstain: 0 },
      quorum: { entitled: 5, present: 3, reached: true },
    });
    expect(meeting.votes[0].ballots.find((b: { memberId: string }) => b.memberId === 'm3')).toMatchObject({ choice: 'yes', corrections: 1 });
  });

  it('numbers resolutions per body: the next council resolution is 2/yyyy, a general meeting starts at 1', async () => {
    expect((await vote('rada-1', 'v2')).status).toBe(201);
    await cast('rada-1', 'v2', 'm1', 'no');
    await closeVote('rada-1', 'v2');
    await openMeeting(server, 'k5', 'ozc-1', 'general', ['m1', 'm2', 'm3', 'm4']);
    await vote('ozc-1', 'g1');
    await cast('ozc-1', 'g1', 'm1', 'yes');
    await closeVote('ozc-1', 'g1');
    const year = new Date().getUTCFullYear();
    const register = (await server.call('GET', '/api/clusters/k5/resolutions', { as: 'p4' })).body;
    expect(register.map((r: { body: string; number: string }) => `${r.body} ${r.number}`)).toEqual([
      `council 1/${year}`,
      `council 2/${year}`,
      `general_meeting 1/${year}`,
    ]);
    // Closing again is refused and takes no new number.
    expect((await closeVote('ozc-1', 'g1')).status).toBe(409);
    expect((await server.call('GET', '/api/clusters/k5/resolutions', { as: 'p4' })).body).toHaveLength(3);
  });

  it('a proxy lets a present member vote for an absent one until it is revoked', async () => {
    await openMeeting(server, 'k5', 'ozc-2', 'general', ['m1', 'm2']);
    const proxy = await server.call('POST', '/api/meetings/k5.ozc-2/proxies', { as: 'p2', body: { grantorMemberId: 'm5', holderMemberId: 'm2', documentRef: 'Pełnomocnictwo z 10.03.2024' } });
    expect(proxy.status).toBe(201);
    await vote('ozc-2', 'p1');
    expect((await cast('ozc-2', 'p1', 'm5', 'yes', 'p2')).status).toBe(201);
    expect((await server.call('POST', '/api/meetings/k5.ozc-2/proxies/m5/revocation', { as: 'p1', body: {} })).status).toBe(201);
    await vote('ozc-2', 'p2');
    expect((await cast('ozc-2', 'p2', 'm5', 'yes', 'p2')).status).toBe(403);
  });

  it('a secret vote: readers learn who voted and the counts, and after closing no one can learn the choices', async () => {
    await openMeeting(server, 'k5', 'ozc-3', 'general', ['m1', 'm2', 'm3']);
    await vote('ozc-3', 's1', { secrecy: 'secret' });
    await cast('ozc-3', 's1', 'm1', 'yes');
    await cast('ozc-3', 's1', 'm2', 'no');
    await cast('ozc-3', 's1', 'm3', 'yes');
    const open = (await server.call('GET', '/api/meetings/k5.ozc-3', { as: 'p2' })).body.votes[0];
    expect(open).toMatchObject({ ballotsCast: 3, voted: ['m1', 'm2', 'm3'], ballots: null });
    await closeVote('ozc-3', 's1');
    const closed = (await server.call('GET', '/api/meetings/k5.ozc-3', { as: 'p2' })).body.votes[0];
    expect(closed.result).toMatchObject({ outcome: 'adopted', tally: { yes: 2, no: 1, abstain: 0 } });

    // The log itself: the ballots carry no readable choice, and the vote's key is gone.
    const store = SqliteEventStore.open({ path: join(server.dataDir, 'events.sqlite') });
    const ballots: string[] = [];
    try {
      for await (const e of store.readStream('meeting-k5.ozc-3')) if (e.type === 'BallotCast') ballots.push(JSON.stringify(e.data));
    } finally {
      await store.close();
    }
    expect(ballots).toHaveLength(3);
    for (const b of ballots) expect(b).not.toMatch(/"choice"|"yes"|"no"/);
    const box = new Database(join(server.dataDir, 'ballot-box.sqlite'), { readonly: true });
    try {
      // Only the mark that the key was destroyed remains (so no ballot racing the close makes a new one).
      expect(box.prepare('SELECT vote_key, key, destroyed_at IS NOT NULL AS destroyed FROM secret_ballot_keys').all()).toEqual([{ vote_key: 'k5.ozc-3/s1', key: null, destroyed: 1 }]);
    } finally {
      box.close();
    }
  });

  it('minutes are drafted, corrected, approved by vote and locked; the meeting closes', async () => {
    const m = '/api/meetings/k5.ozc-3';
    expect((await server.call('POST', `${m}/minutes`, { as: 'p1', body: { text: 'Protokół z posiedzenia' } })).status).toBe(201);
    expect((await server.call('POST', `${m}/minutes/corrections`, { as: 'p1', body: { text: 'Protokół z posiedzenia (poprawiony)' } })).status).toBe(201);
    await vote('ozc-3', 'mp', { subject: { kind: 'minutes_approval' } });
    for (const member of ['m1', 'm2', 'm3']) await cast('ozc-3', 'mp', member, 'yes');
    await closeVote('ozc-3', 'mp');
    expect((await server.call('POST', `${m}/minutes/approval`, { as: 'p1', body: { voteId: 'mp' } })).status).toBe(201);
    expect((await server.call('POST', `${m}/minutes/lock`, { as: 'p1', body: {} })).status).toBe(201);
    expect((await server.call('POST', `${m}/minutes/corrections`, { as: 'p1', body: { text: 'x' } })).status).toBe(422);
    expect((await server.call('POST', `${m}/closing`, { as: 'p1', body: {} })).status).toBe(201);
    const meeting = (await server.call('GET', m, { as: 'p1' })).body;
    expect(meeting).toMatchObject({ status: 'closed', minutes: { status: 'locked', version: 2 } });
  });

  it('takes ballots cast at the same moment by every present member, without conflicts', async () => {
    await openMeeting(server, 'k5', 'ozc-4', 'general', ['m1', 'm2', 'm3', 'm4', 'm5']);
    await vote('ozc-4', 'c1');
    const results = await Promise.all(['m1', 'm2', 'm3', 'm4', 'm5'].map((m, i) => cast('ozc-4', 'c1', m, i % 2 ? 'no' : 'yes')));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    await closeVote('ozc-4', 'c1');
    const result = (await server.call('GET', '/api/meetings/k5.ozc-4', { as: 'p1' })).body.votes[0].result;
    expect(result.tally).toEqual({ yes: 3, no: 2, abstain: 0 });
  });

  it('hides a meeting from people of other clusters, and answers 400 with issues for a bad ballot', async () => {
    expect((await server.call('GET', '/api/meetings/k5.rada-1', { as: 'stranger' })).status).toBe(404);
    const bad = await server.call('POST', '/api/meetings/k5.rada-1/votes/v1/ballots', { as: 'p1', body: { memberId: 'm1', choice: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toEqual(['choice']);
  });
});
