import { qualifiedId } from '@klaster/domain';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { io, type Socket } from 'socket.io-client';
import { mintToken } from '@klaster/identity';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';
import { ExecuteMeetingCommand, type MeetingRequest } from '../../apps/server/src/meetings/commands/execute-meeting-command';
import type { CommandOutcome } from '../../apps/server/src/command-handling/execute-on-stream';
import { executeOptions } from '../../apps/server/src/http/command-headers';
import { EVENT_STORE } from '../../apps/server/src/event-store/event-store.module';
import type { EventStore } from '@klaster/event-store';

interface LiveMessage {
  type: string;
  streamId: string;
  position: string;
  revision: string;
  room: string;
  fragment: any;
}

/** A socket.io client of /live that keeps every message it receives. */
interface LiveClient {
  socket: Socket;
  messages: LiveMessage[];
  join(room: string, lastPosition?: string): Promise<any>;
  leave(room: string): Promise<any>;
  /** Resolves once a received message satisfies the predicate. */
  until(predicate: (messages: LiveMessage[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
}

describe('live updates over socket.io', () => {
  let server: TestServer;
  const clients: Socket[] = [];
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    // Rooms remember their last 100 messages: a longer absence resumes from the log.
    server = await startTestServer({ LIVE_RESUME_MEMORY: '100' });
    await foundSmallCluster(server, 'kl', { charter: { proxiesAllowed: true } });
  });
  afterAll(async () => {
    for (const socket of clients) socket.close();
    await server.close();
  });

  const connectWith = (auth: Record<string, unknown>): Socket => {
    const socket = io(`${server.url}/live`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    clients.push(socket);
    return socket;
  };

  async function connect(personId: string): Promise<LiveClient> {
    const socket = connectWith({ token: await mintToken(TEST_SECRET, personId) });
    const messages: LiveMessage[] = [];
    socket.on('event', (m: LiveMessage) => messages.push(m));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return {
      socket,
      messages,
      join: (room, lastPosition) => socket.timeout(10_000).emitWithAck('join', lastPosition === undefined ? { room } : { room, lastPosition }),
      leave: (room) => socket.timeout(10_000).emitWithAck('leave', { room }),
      until: (predicate, what, timeoutMs = 10_000) =>
        new Promise<void>((resolve, reject) => {
          const started = Date.now();
          const check = () => {
            if (predicate(messages)) return resolve();
            if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}; got ${messages.length} messages`));
            setTimeout(check, 5);
          };
          check();
        }),
    };
  }

  const refusal = (socket: Socket) =>
    new Promise<string>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected without a valid token')));
      socket.once('connect_error', (e) => resolve(e.message));
    });

  const vote = (meetingId: string, voteId: string, body: object = {}) =>
    server.call('POST', `/api/meetings/${qualifiedId('kl', meetingId)}/votes`, { as: 'p1', body: { voteId, agendaItemId: 'a1', motion: `Uchwała ${voteId}`, ...body } });
  const cast = (meetingId: string, voteId: string, member: string, choice: string, path = 'ballots') =>
    server.call('POST', `/api/meetings/${qualifiedId('kl', meetingId)}/votes/${voteId}/${path}`, { as: personOf(member), body: { memberId: member, choice } });
  const closeVote = (meetingId: string, voteId: string) => server.call('POST', `/api/meetings/${qualifiedId('kl', meetingId)}/votes/${voteId}/closing`, { as: 'p1', body: {} });
  const ok = async (response: Promise<{ status: number; body: any }>) => {
    const r = await response;
    if (r.status !== 201) throw new Error(`${r.status}: ${JSON.stringify(r.body)}`);
    return r.body as { position: string };
  };
  const positions = (messages: LiveMessage[]) => messages.map((m) => BigInt(m.position));
  const increasing = (ps: bigint[]) => ps.every((p, i) => i === 0 || p > ps[i - 1]);

  it("a plain join's ack gives the position the room is followed from: every later act arrives live after it, and a resume from it misses nothing", async () => {
    const meetingId = await openMeeting(server, 'kl', 'rada-pozycja', 'council', ['m1']);
    const room = `meeting:${meetingId}`;
    // Once the read models reflect every write so far (a GET with the last position waits for it)…
    expect((await server.call('GET', `/api/meetings/${meetingId}`, { as: 'p2' })).status).toBe(200);
    const a = await connect('p2');
    const ack = await a.join(room);
    expect(ack).toMatchObject({ ok: true, room, replayed: 0, buffered: 0 });
    // …the ack's position covers them all: nothing before it will be pushed.
    expect(BigInt(ack.position)).toBeGreaterThanOrEqual(server.lastPosition!);
    const added = await ok(server.call('POST', `/api/meetings/${meetingId}/agenda`, { as: 'p1', body: { itemId: 'a2', title: 'Wolne wnioski' } }));
    await a.until((ms) => ms.some((m) => m.room === room && m.type === 'AgendaItemAdded'), 'the agenda item');
    expect(a.messages.filter((m) => m.room === room).map((m) => [m.type, m.position])).toEqual([['AgendaItemAdded', added.position]]);
    expect(BigInt(added.position)).toBeGreaterThan(BigInt(ack.position));
    // A client that saw only the ack resumes from its position and receives exactly what came after.
    const b = await connect('p3');
    const resumed = await b.join(room, ack.position);
    expect(resumed).toMatchObject({ ok: true, replayed: 1, buffered: 0, position: added.position });
    expect(b.messages.filter((m) => m.room === room).map((m) => m.type)).toEqual(['AgendaItemAdded']);
  });

  it('two council members watch a vote open, tally and close into a resolution', async () => {
    await openMeeting(server, 'kl', 'rada-live', 'council', ['m1', 'm2', 'm3']);
    const [a, b] = await Promise.all([connect('p2'), connect('p3')]);
    expect(await a.join('meeting:kl.rada-live')).toMatchObject({ ok: true, room: 'meeting:kl.rada-live' });
    expect(await b.join('meeting:kl.rada-live')).toMatchObject({ ok: true });
    expect(await b.join('cluster:kl')).toMatchObject({ ok: true });

    await ok(vote('rada-live', 'v1'));
    await ok(cast('rada-live', 'v1', 'm1', 'yes'));
    await ok(cast('rada-live', 'v1', 'm2', 'no'));
    await ok(cast('rada-live', 'v1', 'm3', 'yes'));
    await ok(closeVote('rada-live', 'v1'));

    const numbered = (ms: LiveMessage[]) => ms.some((m) => m.type === 'ResolutionNumbered' && m.room === 'meeting:kl.rada-live');
    await Promise.all([a.until(numbered, 'the number (a)'), b.until(numbered, 'the number (b)'), b.until((ms) => ms.some((m) => m.type === 'ResolutionNumberAssigned'), 'the register')]);

    const inMeeting = (c: LiveClient) => c.messages.filter((m) => m.room === 'meeting:kl.rada-live');
    // Both watchers receive the same messages, in the order of the log.
    expect(inMeeting(a)).toEqual(inMeeting(b));
    expect(increasing(positions(inMeeting(a)))).toBe(true);
    // The close, then the register's number recorded on the meeting by the reactor.
    expect(inMeeting(a).map((m) => m.type)).toEqual(['VoteOpened', 'BallotCast', 'BallotCast', 'BallotCast', 'VoteClosed', 'ResolutionNumbered']);
    expect(inMeeting(a).map((m) => m.fragment.vote.tally)).toEqual([
      { yes: 0, no: 0, abstain: 0 },
      { yes: 1, no: 0, abstain: 0 },
      { yes: 1, no: 1, abstain: 0 },
      { yes: 2, no: 1, abstain: 0 },
      { yes: 2, no: 1, abstain: 0 },
      { yes: 2, no: 1, abstain: 0 },
    ]);
    const [opened, first, , , close, numberedMessage] = inMeeting(a);
    expect(opened).toMatchObject({ streamId: 'meeting-kl.rada-live', fragment: { view: 'vote', meetingId: 'kl.rada-live', vote: { voteId: 'v1', status: 'open', secrecy: 'named', ballotsCast: 0 } } });
    expect(first.fragment.ballot).toMatchObject({ memberId: 'm1', choice: 'yes' });
    expect(close.fragment.vote).toMatchObject({ status: 'closed', ballotsCast: 3, result: { outcome: 'adopted' } });
    expect(close.fragment.vote.result.resolution).toBeUndefined();
    expect(numberedMessage.fragment.vote).toMatchObject({ status: 'closed', result: { outcome: 'adopted', resolution: { number: `1/${year}`, body: 'council' } } });
    expect(close.revision).toBe(String(BigInt(opened.revision) + 4n));

    // The cluster's room got the same events (for its own room) and the register's new number.
    const inCluster = b.messages.filter((m) => m.room === 'cluster:kl');
    expect(inCluster.filter((m) => m.streamId === 'meeting-kl.rada-live').map((m) => m.fragment)).toEqual(inMeeting(b).map((m) => m.fragment));
    expect(inCluster.find((m) => m.type === 'ResolutionNumberAssigned')).toMatchObject({
      streamId: 'resolutions-kl',
      fragment: { view: 'resolution', clusterId: 'kl', resolution: { number: `1/${year}`, meetingId: 'kl.rada-live', voteId: 'v1' } },
    });
    // a left nothing behind: after leaving, it receives nothing more of the meeting.
    expect(await a.leave('meeting:kl.rada-live')).toMatchObject({ ok: true });
    const before = a.messages.length;
    await ok(server.call('POST', '/api/meetings/kl.rada-live/attendance', { as: 'p4', body: { memberId: 'm4', presence: 'online' } }));
    await b.until((ms) => ms.some((m) => m.type === 'AttendanceRecorded' && m.room === 'meeting:kl.rada-live'), 'the attendance');
    expect(a.messages.length).toBe(before);
    const attendance = b.messages.find((m) => m.type === 'AttendanceRecorded' && m.room === 'meeting:kl.rada-live')!;
    expect(attendance.fragment).toMatchObject({ view: 'meeting', meetingId: 'kl.rada-live', status: 'open', votes: [{ voteId: 'v1', status: 'closed', ballotsCast: 3 }] });
    expect(attendance.fragment.attendance).toContainEqual(expect.objectContaining({ memberId: 'm4', presence: 'online' }));

    // Resuming the cluster's room merges its streams (meeting, register) back into log order, with the same fragments.
    const watchedCluster = b.messages.filter((m) => m.room === 'cluster:kl');
    const c = await connect('p4');
    const ack = await c.join('cluster:kl', String(BigInt(watchedCluster[0].position) - 1n));
    expect(ack).toMatchObject({ ok: true, replayed: watchedCluster.length, buffered: 0, position: watchedCluster[watchedCluster.length - 1].position });
    expect(c.messages).toEqual(watchedCluster);
  });

  it('a secret vote pushes counts, never a voter or a choice', async () => {
    await openMeeting(server, 'kl', 'ozc-tajne', 'general', ['m1', 'm2', 'm3']);
    const watcher = await connect('p4');
    await watcher.join('meeting:kl.ozc-tajne');
    await watcher.join('cluster:kl');
    await ok(vote('ozc-tajne', 's1', { secrecy: 'secret' }));
    await ok(cast('ozc-tajne', 's1', 'm1', 'yes'));
    await ok(cast('ozc-tajne', 's1', 'm2', 'no'));
    await ok(cast('ozc-tajne', 's1', 'm3', 'yes'));
    await ok(cast('ozc-tajne', 's1', 'm3', 'no', 'corrections'));
    await ok(closeVote('ozc-tajne', 's1'));
    await watcher.until((ms) => ms.filter((m) => m.type === 'VoteClosed' && m.streamId === 'meeting-kl.ozc-tajne').length === 2, 'the close in both rooms');

    const secret = watcher.messages.filter((m) => m.streamId === 'meeting-kl.ozc-tajne' && m.fragment.view === 'vote');
    expect(secret.map((m) => m.type)).toEqual(['VoteOpened', 'VoteOpened', ...Array(8).fill(expect.stringMatching(/^Ballot(Cast|Corrected)$/)), 'VoteClosed', 'VoteClosed']);
    for (const m of secret) {
      const json = JSON.stringify(m);
      // No choice in any form: no ballot, no choice field, no sealed choice, no list of voters.
      expect(json).not.toMatch(/"choice"|sealed|"voted"|"ballots"/i);
      expect(m.fragment.ballot).toBeNull();
      if (m.type !== 'VoteClosed') {
        expect(json).not.toMatch(/"memberId"|"m[1-5]"/);
        expect(m.fragment.vote.tally).toBeNull();
      }
    }
    const inMeeting = secret.filter((m) => m.room === 'meeting:kl.ozc-tajne');
    expect(inMeeting.map((m) => m.fragment.vote.ballotsCast)).toEqual([0, 1, 2, 3, 3, 3]);
    expect(inMeeting[5].fragment.vote).toMatchObject({ status: 'closed', tally: { yes: 1, no: 2, abstain: 0 }, result: { outcome: 'rejected' } });
  });

  it('refuses a client without a valid token, and a person of another cluster joining its rooms (logged)', async () => {
    expect(await refusal(connectWith({}))).toMatch(/unauthorized/);
    expect(await refusal(connectWith({ token: 'not-a-jwt' }))).toMatch(/unauthorized/);
    const forged = await mintToken('another-secret-another-secret-another-1', 'p1');
    expect(await refusal(connectWith({ token: forged }))).toMatch(/unauthorized/);

    await foundSmallCluster(server, 'obcy', { members: 2 });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const stranger = await connect('stranger');
      expect(await stranger.join('cluster:kl')).toEqual({ ok: false, room: 'cluster:kl', code: 'not_found', error: 'You may not follow cluster:kl' });
      expect(await stranger.join('meeting:kl.rada-live')).toMatchObject({ ok: false });
      expect(await stranger.join('meeting:kl.no-such-meeting')).toMatchObject({ ok: false });
      expect(await stranger.join('elsewhere:kl')).toMatchObject({ ok: false, error: expect.stringMatching(/bad join/) });
      expect(warn).toHaveBeenCalledWith('refused stranger joining cluster:kl');
      expect(warn).toHaveBeenCalledWith('refused stranger joining meeting:kl.rada-live');
      // p5 represents a member of kl but not of obcy (founded with m1, m2 and the honorary h1 only).
      const p5 = await connect('p5');
      expect(await p5.join('cluster:kl')).toMatchObject({ ok: true });
      expect(await p5.join('cluster:obcy')).toMatchObject({ ok: false });
      expect(warn).toHaveBeenCalledWith('refused p5 joining cluster:obcy');
      // Nothing of the refused room reaches them: an act in obcy, then one in kl that p5 does see.
      const admit = (clusterId: string, memberId: string) =>
        ok(server.call('POST', `/api/clusters/${clusterId}/members`, {
          as: 'p1',
          body: { memberId, organisation: { name: `Stowarzyszenie ${memberId}`, sector: 'social_economy' }, representative: { personId: `person-${memberId}`, role: 'Prezes' }, admittedOn: '2024-02-01' },
        }));
      await admit('obcy', 'o9');
      const kl = await admit('kl', 'k9');
      await p5.until((ms) => ms.some((m) => m.position === kl.position), 'the admission in kl');
      expect(p5.messages.map((m) => m.room)).toEqual(['cluster:kl']);
      expect(p5.messages[0]).toMatchObject({ type: 'MemberAdmitted', streamId: 'cluster-kl', fragment: { view: 'cluster', clusterId: 'kl' } });
      expect(p5.messages[0].fragment.members).toContainEqual(expect.objectContaining({ memberId: 'k9' }));
      expect(stranger.messages).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('decides each join on the cluster as the read models hold it now: an auditor appointed may join, one revoked may not', async () => {
    const watcher = await connect('p1');
    await watcher.join('cluster:kl');
    const appliedAt = (position: string, what: string) => watcher.until((ms) => ms.some((m) => m.position === position), what);
    const auditor = await connect('audytor-live');
    // Refused first (after the same decisions were asked for this cluster and meeting by others).
    expect(await auditor.join('cluster:kl')).toMatchObject({ ok: false });
    expect(await auditor.join('meeting:kl.rada-live')).toMatchObject({ ok: false });

    const appointed = await ok(server.call('POST', '/api/clusters/kl/auditors', { as: 'p1', body: { personId: 'audytor-live' } }));
    await appliedAt(appointed.position, 'the appointment');
    expect(await auditor.join('cluster:kl')).toMatchObject({ ok: true });
    expect(await auditor.join('meeting:kl.rada-live')).toMatchObject({ ok: true });

    const left: { room: string; reason: string }[] = [];
    auditor.socket.on('left', (m: { room: string; reason: string }) => left.push(m));
    const signedOut: { reason: string }[] = [];
    auditor.socket.on('signed_out', (m: { reason: string }) => signedOut.push(m));
    const revoked = await ok(server.call('POST', '/api/clusters/kl/auditors/audytor-live/revocation', { as: 'p1', body: {} }));
    await appliedAt(revoked.position, 'the revocation');
    // Those already following are dismissed from every room of the cluster, before the revocation is pushed.
    await auditor.until(() => left.length === 2, 'both rooms left');
    expect(left.map((l) => l.room).sort()).toEqual(['cluster:kl', 'meeting:kl.rada-live']);
    expect(left[0].reason).toContain('no longer read cluster kl');
    expect(auditor.messages.some((m) => m.position === revoked.position)).toBe(false);
    // They now read no cluster at all: the socket is told so and closed (issue 13), so no join can follow.
    await auditor.until(() => signedOut.length === 1 && !auditor.socket.connected, 'the socket closed');
    expect(signedOut).toEqual([{ reason: 'no_access' }]);

    // Nothing reaches them afterwards; the member who revoked them still follows.
    const seen = auditor.messages.length;
    const later = await ok(server.call('POST', '/api/clusters/kl/auditors', { as: 'p1', body: { personId: 'audytor-inny' } }));
    await appliedAt(later.position, 'a later act');
    expect(auditor.messages.length).toBe(seen);
  });

  it('a client back after a short absence resumes from the room\'s memory: each missed event once, in order, then live', async () => {
    const members = ['m1', 'm2', 'm3', 'm4', 'm5'];
    await openMeeting(server, 'kl', 'rada-pamiec', 'council', members);
    await ok(vote('rada-pamiec', 'p1'));
    const room = 'meeting:kl.rada-pamiec';
    const observer = await connect('p4');
    await observer.join(room);
    let client = await connect('p3');
    await client.join(room);
    const first = await ok(cast('rada-pamiec', 'p1', 'm1', 'yes'));
    await client.until((ms) => ms.some((m) => m.position === first.position), 'the first ballot');
    client.socket.close();

    const missed: string[] = [];
    for (const m of ['m2', 'm3', 'm4', 'm5']) missed.push((await ok(cast('rada-pamiec', 'p1', m, 'no'))).position);
    for (let k = 0; k < 20; k++) missed.push((await ok(cast('rada-pamiec', 'p1', members[k % 5], k % 2 ? 'yes' : 'abstain', 'corrections'))).position);
    await observer.until((ms) => ms.some((m) => m.position === missed[missed.length - 1]), 'the observer');

    // The store is not read at all: the messages come from memory.
    const store = server.app.get<EventStore>(EVENT_STORE);
    const reads = jest.spyOn(store, 'readStream');
    client = await connect('p3');
    const ack = await client.join(room, first.position);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    expect(ack).toMatchObject({ ok: true, room, from: 'memory', replayed: 24, buffered: 0, position: missed[missed.length - 1] });
    await client.until((ms) => ms.length >= 24, 'the missed messages');
    expect(positions(client.messages)).toEqual(missed.map(BigInt));
    const seenLive = new Map(observer.messages.map((m) => [m.position, m]));
    for (const m of client.messages) expect(m).toEqual(seenLive.get(m.position));

    const more = await ok(cast('rada-pamiec', 'p1', 'm2', 'yes', 'corrections'));
    await client.until((ms) => ms.some((m) => m.position === more.position), 'the next live event');
    expect(client.messages.filter((m) => m.position === more.position)).toHaveLength(1);
    expect(client.messages).toHaveLength(25);
  });

  it('a client that reconnects gets each of the 500 events it missed exactly once, in order, then live ones', async () => {
    const members = ['m1', 'm2', 'm3', 'm4', 'm5'];
    await openMeeting(server, 'kl', 'ozc-wznowienie', 'general', members);
    await ok(vote('ozc-wznowienie', 'r1'));
    const room = 'meeting:kl.ozc-wznowienie';
    // An observer stays connected throughout: what it got live is what the resumed client must get replayed.
    const observer = await connect('p5');
    await observer.join(room);
    let client = await connect('p2');
    await client.join(room);
    for (const m of members) await ok(cast('ozc-wznowienie', 'r1', m, 'yes'));
    await client.until((ms) => ms.length === 5, 'the first ballots');
    const lastSeen = client.messages[client.messages.length - 1].position;
    client.socket.close();

    // The 500 go straight through the CommandBus (the same handler as HTTP, about 4x faster here).
    const bus = server.app.get(CommandBus);
    const choices = ['no', 'abstain', 'yes'] as const;
    const correctBallot = async (memberId: string, choice: (typeof choices)[number]) => {
      const actor = personOf(memberId);
      const request = { type: 'CorrectBallot', meetingId: 'kl.ozc-wznowienie', voteId: 'r1', memberId, choice, actor, at: new Date().toISOString() } as MeetingRequest;
      return (await bus.execute<ExecuteMeetingCommand, CommandOutcome>(new ExecuteMeetingCommand(request, executeOptions(actor, {})))).position;
    };
    const correct = (n: number) =>
      Promise.all(members.map(async (m, i) => {
        const written: bigint[] = [];
        for (let k = 0; k < n; k++) written.push(await correctBallot(m, choices[(k + i) % 3]));
        return written;
      })).then((lists) => lists.flat());
    const t0 = Date.now();
    const missed = await correct(100);
    const writeMs = Date.now() - t0;
    expect(missed).toHaveLength(500);

    client = await connect('p2');
    // The embedded store reads without yielding to I/O, so the runner could never commit during a
    // replay; slow its reads (a macrotask every 20 events, as a networked store would) so live
    // writes land while the replay is under way and reach the client through the switch's buffer.
    const store = server.app.get<EventStore>(EVENT_STORE);
    const readStream = store.readStream.bind(store);
    const slowRead = jest.spyOn(store, 'readStream').mockImplementation((streamId, options) =>
      (async function* () {
        let n = 0;
        for await (const event of readStream(streamId, options)) {
          if (++n % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
          yield event;
        }
      })(),
    );
    const t1 = Date.now();
    // Live writes race the replay: each must arrive once, after everything missed.
    const [ack] = await Promise.all([client.join(room, lastSeen), correct(10)]).finally(() => slowRead.mockRestore());
    expect(ack).toMatchObject({ ok: true, room, from: 'log' });
    expect(ack.buffered).toBeGreaterThan(0);
    // Commands that queued together share the position of their batch's last event, so the events
    // themselves are counted by the observer, which saw every one of them live.
    await observer.until((ms) => ms.length >= 5 + 550, 'the observer');
    const expected = positions(observer.messages).filter((p) => p > BigInt(lastSeen));
    expect(expected).toHaveLength(550);
    await client.until((ms) => ms.length >= expected.length, `${expected.length} messages`);
    const resumeMs = Date.now() - t1;
    expect(positions(client.messages)).toEqual(expected);
    expect(ack.replayed).toBeGreaterThanOrEqual(500);
    expect(client.messages.every((m) => m.room === room && m.type === 'BallotCorrected')).toBe(true);

    // Replayed fragments are the ones the observer received live, tally and all.
    const seenLive = new Map(observer.messages.map((m) => [m.position, m]));
    for (const m of client.messages) expect(m).toEqual(seenLive.get(m.position));
    const last = client.messages[client.messages.length - 1].fragment;
    const final = (await server.call('GET', '/api/meetings/kl.ozc-wznowienie', { as: 'p2' })).body.votes[0];
    const tally = { yes: 0, no: 0, abstain: 0 } as Record<string, number>;
    for (const b of final.ballots) tally[b.choice] += b.weight;
    expect(last.vote.tally).toEqual(tally);

    // Then live: one more event arrives once.
    const more = await ok(cast('ozc-wznowienie', 'r1', 'm1', 'yes', 'corrections'));
    await client.until((ms) => ms.some((m) => m.position === more.position), 'the next live event');
    expect(client.messages.filter((m) => m.position === more.position)).toHaveLength(1);
    process.stdout.write(`live resume: wrote 500 events in ${writeMs} ms; replayed ${ack.replayed}, ${ack.buffered} buffered during the replay, ${expected.length - ack.replayed - ack.buffered} live after it, in ${resumeMs} ms\n`);
  });
});
