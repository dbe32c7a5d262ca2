import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { mintToken } from '@klaster/identity';
import { SqliteEventStore, type RecordedEvent } from '@klaster/event-store';
import { TEST_SECRET, type TestServer } from '../support/test-server';
import { foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';
import { killLeftovers, startServerProcess, type ServerProcess } from '../support/server-process';
import { createTestDatabase, describeWithPostgres, withClient } from '../support/postgres/test-database';
import { SignInClient } from '../support/sign-in-client';

interface LiveMessage {
  type: string;
  streamId: string;
  position: string;
  room: string;
}

/**
 * The horizontal mode, for real: two server processes, each with its own data folder (its read
 * models, reactor checkpoint and integrity state), sharing one embedded log (EVENTS_PATH) and the
 * state beside it (ballot keys, people, idempotent answers, sessions, the token secret). What
 * EventStoreDB and DATABASE_URL give instances on several machines, the embedded store gives
 * processes on one machine; the server code above the port is the same. Run twice: with the state
 * in SQLite files beside the log, and in PostgreSQL (skipped, saying why, where it is not installed).
 */
/** Where the instances keep the state beside the log: SQLite files in the log's folder, or PostgreSQL (DATABASE_URL). */
type SharedStateMode = { kind: 'sqlite' } | { kind: 'postgres'; serverUrl: string };

describe('two server instances on one log, the shared state beside it (SQLite)', () => horizontalSuite({ kind: 'sqlite' }));
describeWithPostgres('two server instances on one log, the shared state in PostgreSQL (DATABASE_URL)', (serverUrl) => horizontalSuite({ kind: 'postgres', serverUrl }));

function horizontalSuite(mode: SharedStateMode): void {
  const root = mkdtempSync(join(tmpdir(), 'klaster-horizontal-'));
  let database: { url: string; drop(): Promise<void> } | undefined;
  const eventsPath = join(root, 'log', 'events.sqlite');
  const sockets: Socket[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  /** The highest position either instance answered: reads on either wait for it (read-your-write). */
  let lastPosition: bigint | undefined;

  beforeAll(async () => {
    mkdirSync(join(root, 'log'));
    if (mode.kind === 'postgres') database = await createTestDatabase(mode.serverUrl, 'horizontal');
    // Rooms remember nothing: a resume always reads the log, as it must on an instance the client never saw.
    const env = (name: string) => ({
      DATA_DIR: join(root, name),
      EVENTS_PATH: eventsPath,
      LIVE_RESUME_MEMORY: '0',
      // As behind a load balancer on this host: a test may speak for a client address of its own (X-Forwarded-For).
      TRUST_PROXY: 'loopback',
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    [a, b] = await Promise.all([startServerProcess(env('a')), startServerProcess(env('b'))]);
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await killLeftovers();
    await database?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  /** The secret-ballot keys as the shared store holds them. */
  async function ballotKeys(): Promise<unknown[]> {
    const sql = 'SELECT vote_key, key, destroyed_at IS NOT NULL AS destroyed FROM secret_ballot_keys';
    if (database) return withClient(database.url, async (c) => (await c.query(sql)).rows.map((r) => ({ ...r, destroyed: r.destroyed ? 1 : 0 })));
    const box = new Database(join(root, 'log', 'ballot-box.sqlite'), { readonly: true });
    try {
      return box.prepare(sql).all();
    } finally {
      box.close();
    }
  }

  /** How many rows a table of the shared state holds: in PostgreSQL, or in the SQLite file beside the log (and then only there). */
  async function sharedRows(tables: { postgres: string; sqlite: [file: string, table: string] }): Promise<number> {
    const file = join(root, 'log', tables.sqlite[0]);
    if (database) {
      expect(existsSync(file)).toBe(false);
      return withClient(database.url, async (c) => Number((await c.query(`SELECT count(*) AS n FROM ${tables.postgres}`)).rows[0].n));
    }
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM ${tables.sqlite[1]}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  /** The API of one instance, as test/support's TestServer offers it (so the small-cluster helpers work on either). */
  const on = (instance: () => ServerProcess) =>
    ({
      async call(method: string, path: string, options: { as?: string | null; body?: unknown; headers?: Record<string, string> } = {}) {
        if (method === 'GET' && lastPosition !== undefined && path.startsWith('/api/')) path = `${path}${path.includes('?') ? '&' : '?'}position=${lastPosition}`;
        const headers: Record<string, string> = { ...options.headers };
        if (options.as !== null) headers.authorization = `Bearer ${await mintToken(TEST_SECRET, options.as ?? 'nobody')}`;
        if (options.body !== undefined) headers['content-type'] = 'application/json';
        const response = await fetch(`${instance().url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
        const text = await response.text();
        const body = text ? JSON.parse(text) : undefined;
        if (method !== 'GET' && response.ok && typeof body?.position === 'string' && body.position !== '0') {
          const written = BigInt(body.position);
          if (lastPosition === undefined || written > lastPosition) lastPosition = written;
        }
        return { status: response.status, body, headers: response.headers };
      },
    }) as unknown as TestServer;
  const onA = on(() => a);
  const onB = on(() => b);

  async function connect(instance: ServerProcess, personId: string) {
    const socket = io(`${instance.url}/live`, { auth: { token: await mintToken(TEST_SECRET, personId) }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const messages: LiveMessage[] = [];
    socket.on('event', (m: LiveMessage) => messages.push(m));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const join = (room: string, lastPosition?: string) => socket.timeout(30_000).emitWithAck('join', lastPosition === undefined ? { room } : { room, lastPosition });
    /** Waits for a message (a state to reach: the test fails on jest's timeout if it never comes). */
    const until = async (predicate: (ms: LiveMessage[]) => boolean) => {
      while (!predicate(messages)) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    return { socket, messages, join, until };
  }

  interface Answer {
    position: string;
    revision: string;
    /** What the reactor wrote in consequence, each with the types of its events. */
    consequences?: { streamId: string; events: string[] }[];
    consequencesPending?: boolean;
  }
  const ok = async (response: Promise<{ status: number; body: any }>) => {
    const r = await response;
    if (r.status !== 201) throw new Error(`${r.status}: ${JSON.stringify(r.body)}`);
    return r.body as Answer;
  };
  /** The answer waited for the reactor of the instance that took the command, and it numbered the resolution. */
  const numbered = (answer: Answer) => !answer.consequencesPending && !!answer.consequences?.some((c) => c.events.includes('ResolutionNumbered'));

  async function streamOf(streamId: string): Promise<RecordedEvent[]> {
    const store = SqliteEventStore.open({ path: eventsPath });
    const events: RecordedEvent[] = [];
    try {
      for await (const e of store.readStream(streamId)) events.push(e);
    } finally {
      await store.close();
    }
    return events;
  }

  it('a command on one instance is pushed to a socket on the other', async () => {
    await foundSmallCluster(onA, 'hz', { members: 5 });
    const watcher = await connect(b, 'p2');
    expect(await watcher.join('cluster:hz')).toMatchObject({ ok: true });
    const admitted = await ok(
      onA.call('POST', '/api/clusters/hz/members', {
        as: 'p1',
        body: { memberId: 'm6', organisation: { name: 'Organizacja 6', sector: 'business' }, representative: { personId: 'p6', role: 'Prezes' }, admittedOn: '2024-01-15' },
      }),
    );
    await watcher.until((ms) => ms.some((m) => m.position === admitted.position));
    expect(watcher.messages.find((m) => m.position === admitted.position)).toMatchObject({ room: 'cluster:hz', streamId: 'cluster-hz' });
    // And B's read models have it: read there, waiting for A's write.
    const members = (await onB.call('GET', '/api/clusters/hz', { as: 'p2' })).body.members as { memberId: string }[];
    expect(members.map((m) => m.memberId)).toContain('m6');
  }, 120_000);

  it('a secret vote: ballots sealed on both instances, closed on one, counted; the reactors number it once', async () => {
    const meetingId = await openMeeting(onA, 'hz', 'wz-1', 'general', ['m1', 'm2', 'm3', 'm4', 'm5']);
    const base = `/api/meetings/${meetingId}/votes`;
    await ok(onA.call('POST', base, { as: 'p1', body: { voteId: 's1', agendaItemId: 'a1', motion: 'Uchwała s1', secrecy: 'secret' } }));
    const choices: Record<string, string> = { m1: 'yes', m2: 'no', m3: 'yes', m4: 'yes', m5: 'abstain' };
    // All at once, alternating instances: the two writers contend on the meeting's stream.
    await Promise.all(
      Object.entries(choices).map(([member, choice], i) => ok((i % 2 ? onB : onA).call('POST', `${base}/s1/ballots`, { as: personOf(member), body: { memberId: member, choice } }))),
    );
    // B opens ballots A sealed: the vote's key is shared. B's reactor numbers the resolution.
    const closing = await ok(onB.call('POST', `${base}/s1/closing`, { as: 'p1', body: {} }));
    expect(numbered(closing)).toBe(true);
    const read = async (instance: TestServer) => (await instance.call('GET', `/api/meetings/${meetingId}`, { as: 'p2' })).body.votes[0];
    for (const instance of [onA, onB]) expect((await read(instance)).result).toMatchObject({ outcome: 'adopted', tally: { yes: 3, no: 1, abstain: 1 } });

    const ballots = (await streamOf(`meeting-${meetingId}`)).filter((e) => e.type === 'BallotCast');
    expect(ballots).toHaveLength(5);
    for (const ballot of ballots) expect(JSON.stringify(ballot.data)).not.toMatch(/"choice"|"yes"|"no"|"abstain"/);
    // The key is destroyed for both: in the shared store, only the mark remains.
    expect(await ballotKeys()).toEqual([{ vote_key: `${meetingId}/s1`, key: null, destroyed: 1 }]);
  }, 180_000);

  it('a live resume moves from one instance to the other: nothing missed, nothing twice', async () => {
    const meetingId = await openMeeting(onA, 'hz', 'rada-2', 'council', ['m1', 'm2', 'm3']);
    const room = `meeting:${meetingId}`;
    const base = `/api/meetings/${meetingId}/votes`;
    const first = await connect(a, 'p2');
    expect(await first.join(room)).toMatchObject({ ok: true });
    const opened = await ok(onA.call('POST', base, { as: 'p1', body: { voteId: 'v1', agendaItemId: 'a1', motion: 'Uchwała v1' } }));
    await first.until((ms) => ms.some((m) => m.position === opened.position));
    const seen = first.messages.at(-1)!.position;
    // The connection drops (A's instance goes away for this client); meanwhile acts land on both.
    first.socket.close();
    const missed = [
      await ok(onB.call('POST', `${base}/v1/ballots`, { as: 'p1', body: { memberId: 'm1', choice: 'yes' } })),
      await ok(onA.call('POST', `${base}/v1/ballots`, { as: 'p2', body: { memberId: 'm2', choice: 'no' } })),
      await ok(onB.call('POST', `${base}/v1/ballots`, { as: 'p3', body: { memberId: 'm3', choice: 'yes' } })),
    ].map((r) => r.position);

    // The client comes back through the load balancer to B, with the last position it saw (A's).
    const second = await connect(b, 'p2');
    expect(await second.join(room, seen)).toMatchObject({ ok: true });
    const closed = await ok(onA.call('POST', `${base}/v1/closing`, { as: 'p1', body: {} }));
    await second.until((ms) => ms.some((m) => m.position === closed.position));
    const after = second.messages.filter((m) => m.room === room).map((m) => m.position);
    expect(after.slice(0, 3)).toEqual(missed);
    expect(new Set(after).size).toBe(after.length);
    expect(after.every((p, i) => i === 0 || BigInt(p) > BigInt(after[i - 1]))).toBe(true);
    expect(after).toContain(closed.position);
    // A's reactor numbered this one: it has passed the secret vote's close too (it reads the log in order).
    expect(numbered(closed)).toBe(true);
  }, 180_000);

  it("both instances' reactors saw every close, and each resolution was numbered once between them", async () => {
    for (const meeting of ['hz.wz-1', 'hz.rada-2']) {
      expect((await streamOf(`meeting-${meeting}`)).filter((e) => e.type === 'ResolutionNumbered')).toHaveLength(1);
    }
  });

  it('an idempotent retry that lands on the other instance gets the first answer and writes nothing', async () => {
    const body = { memberId: 'm7', organisation: { name: 'Organizacja 7', sector: 'social_economy' }, representative: { personId: 'p7', role: 'Prezes' }, admittedOn: '2024-02-01' };
    const headers = { 'idempotency-key': 'admit-m7' };
    const first = await onA.call('POST', '/api/clusters/hz/members', { as: 'p1', body, headers });
    expect(first.status).toBe(201);
    const retry = await onB.call('POST', '/api/clusters/hz/members', { as: 'p1', body, headers });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // The same key on another request is refused on either instance.
    expect((await onB.call('POST', '/api/clusters/hz/members', { as: 'p1', body: { ...body, memberId: 'm8' }, headers })).status).toBe(422);

    // Sent to both at the same moment: one writes, the other answers the same or says it is in progress.
    const again = { ...body, memberId: 'm9', representative: { personId: 'p9', role: 'Prezes' } };
    const both = await Promise.all([onA, onB].map((instance) => instance.call('POST', '/api/clusters/hz/members', { as: 'p1', body: again, headers: { 'idempotency-key': 'admit-m9' } })));
    const statuses = both.map((r) => r.status).sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    if (statuses[1] === 409) expect(both.find((r) => r.status === 409)!.body.code).toBe('idempotency_key_in_progress');
    else expect(both[0].body).toEqual(both[1].body);

    const admissions = (await streamOf('cluster-hz')).filter((e) => e.type === 'MemberAdmitted' && ['m7', 'm9'].includes((e.data as { memberId: string }).memberId));
    expect(admissions.map((e) => (e.data as { memberId: string }).memberId).sort()).toEqual(['m7', 'm9']);
  }, 120_000);

  /** The same browser (its cookie, access token and passkey) sent to the other instance by the load balancer. */
  const sameBrowserOn = (instance: ServerProcess, browser: SignInClient) => {
    const moved = new SignInClient(instance.url, browser.authenticator);
    moved.cookie = browser.cookie;
    moved.accessToken = browser.accessToken;
    return moved;
  };

  it('a session signed in on one instance is accepted on the other; signed out on the first, refused on the other', async () => {
    const { token } = (await onA.call('POST', '/api/clusters/hz/invitations', { as: 'p1', body: { role: 'auditor' } })).body.invitation;
    const onABrowser = new SignInClient(a.url);
    const accepted = await onABrowser.acceptWithPasskey(token, 'Ewa Audytorka');
    expect(accepted.status).toBe(201);
    const position = accepted.body.position as string;

    // B accepts A's access token (the session is in the shared store) and refreshes A's session cookie.
    const onBBrowser = sameBrowserOn(b, onABrowser);
    expect((await onBBrowser.call('GET', `/api/clusters/hz?position=${position}`)).status).toBe(200);
    const refreshed = await onBBrowser.call('POST', '/api/auth/refresh', undefined, { bearer: null });
    expect(refreshed.status).toBe(200);
    expect(onBBrowser.cookie).not.toBe(onABrowser.cookie); // rotated on B …
    const fromB = refreshed.body.accessToken as string;
    expect((await onABrowser.call('GET', `/api/clusters/hz?position=${position}`, undefined, { bearer: fromB })).status).toBe(200); // … and A accepts B's token

    // A socket on B, on this session.
    const socket = io(`${b.url}/live`, { auth: { token: fromB }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const closedOnB = Promise.all([new Promise<{ reason: string }>((r) => socket.once('signed_out', r)), new Promise<string>((r) => socket.once('disconnect', r))]);

    // Signed out on A (with the cookie B rotated): B refuses both access tokens and the cookie at once.
    onABrowser.cookie = onBBrowser.cookie;
    expect((await onABrowser.call('POST', '/api/auth/sign-out', undefined, { bearer: null })).status).toBe(204);
    for (const bearer of [onABrowser.accessToken!, fromB]) {
      expect((await onBBrowser.call('GET', `/api/clusters/hz?position=${position}`, undefined, { bearer })).status).toBe(401);
    }
    const refused = await onBBrowser.call('POST', '/api/auth/refresh', undefined, { bearer: null });
    expect([refused.status, refused.body.code]).toEqual([401, 'signed_out']);
    // B closes its socket of the session too (it looks for sessions ended elsewhere every few seconds).
    const [told] = await closedOnB;
    expect(told).toEqual({ reason: 'signed_out' });
    // The session is where the shared state is: PostgreSQL with DATABASE_URL, else identity.sqlite beside the log.
    expect(await sharedRows({ postgres: 'identity_sessions', sqlite: ['identity.sqlite', 'sessions'] })).toBeGreaterThan(0);
  }, 120_000);

  it('a passkey challenge given out by one instance is answered on the other, and only once', async () => {
    const { token } = (await onA.call('POST', '/api/clusters/hz/invitations', { as: 'p1', body: { role: 'registrar' } })).body.invitation;
    const onABrowser = new SignInClient(a.url);
    expect((await onABrowser.acceptWithPasskey(token, 'Jan Rejestrator')).status).toBe(201);
    // Sign-in options from A; the authenticator's answer (signed for A's origin, as the page was A's) reaches B.
    const options = await onABrowser.call('POST', '/api/auth/passkey/options');
    const response = onABrowser.authenticator.get(options.body.options);
    const onB = sameBrowserOn(b, onABrowser);
    const signedIn = await onB.call('POST', '/api/auth/passkey', { ceremonyId: options.body.ceremonyId, response });
    expect(signedIn.status).toBe(200);
    // The same answer replayed, on either instance: the challenge is used up everywhere.
    for (const instance of [onABrowser, onB]) {
      const replay = await instance.call('POST', '/api/auth/passkey', { ceremonyId: options.body.ceremonyId, response });
      expect([replay.status, replay.body.code]).toEqual([422, 'ceremony_expired']);
    }
  }, 120_000);

  it('one invitation accepted on both instances at once: one person wins, the other is refused and keeps no passkey', async () => {
    const { token } = (await onA.call('POST', '/api/clusters/hz/invitations', { as: 'p1', body: { role: 'auditor' } })).body.invitation;
    const [first, second] = [new SignInClient(a.url), new SignInClient(b.url)];
    const [oa, ob] = await Promise.all([first, second].map((c) => c.call('POST', '/api/invitations/passkey/options', { token, displayName: 'X' })));
    const answers = await Promise.all([
      first.call('POST', '/api/invitations/passkey', { ceremonyId: oa.body.ceremonyId, response: first.authenticator.create(oa.body.options) }),
      second.call('POST', '/api/invitations/passkey', { ceremonyId: ob.body.ceremonyId, response: second.authenticator.create(ob.body.options) }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.status === 409)!.body.code).toBe('invitation_used');
    const loser = answers[0].status === 409 ? first : second;
    expect(loser.cookie).toBeUndefined();
    // Its passkey is gone for both instances.
    for (const instance of [a, b]) {
      const signIn = await new SignInClient(instance.url, loser.authenticator).signInWithPasskey();
      expect([signIn.status, signIn.body.code]).toEqual([401, 'passkey_refused']);
    }
    const winner = answers.find((r) => r.status === 201)!.body;
    // Read on B once it has the acceptance (the helpers add the highest position written).
    if (lastPosition === undefined || BigInt(winner.position) > lastPosition) lastPosition = BigInt(winner.position);
    const auditors = (await onB.call('GET', '/api/clusters/hz', { as: 'p1' })).body.auditors as { personId: string }[];
    expect(auditors.map((x) => x.personId)).toContain(winner.session.personId);
  }, 120_000);

  it('a rate-limit budget spent half on each instance runs out at the shared limit: 429 with Retry-After on both', async () => {
    // One client address (through the proxy), the sign-in budget (SIGN_IN_RATE_LIMIT_PER_ADDRESS, 60 a minute).
    const from = (instance: ServerProcess, address: string) =>
      fetch(`${instance.url}/api/auth/passkey/options`, { method: 'POST', headers: { 'x-forwarded-for': address } });
    const address = '198.51.100.7';
    const spent = await Promise.all(Array.from({ length: 60 }, (_, i) => from(i % 2 ? a : b, address)));
    expect(spent.map((r) => r.status)).toEqual(Array(60).fill(200));
    for (const instance of [a, b]) {
      const refused = await from(instance, address);
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { code: string }).code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Another address has its own budget.
    expect((await from(b, '198.51.100.8')).status).toBe(200);
    expect(await sharedRows({ postgres: 'rate_limit_counts', sqlite: ['rate-limits.sqlite', 'rate_limit_counts'] })).toBeGreaterThan(0);

    // The replay budget (time-travel reads, REPLAY_LIMIT_PER_PERSON, 60 a minute) is one per person too.
    const replay = (instance: () => ServerProcess) => on(instance).call('GET', '/api/clusters/hz?asOf=2024-06-01', { as: 'p3' });
    for (let i = 0; i < 60; i++) expect((await replay(i % 2 ? () => a : () => b)).status).not.toBe(429);
    for (const instance of [() => a, () => b]) {
      const refused = await replay(instance);
      expect([refused.status, refused.body.code]).toEqual([429, 'rate_limited']);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);
}
