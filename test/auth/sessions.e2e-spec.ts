import { io, type Socket } from 'socket.io-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';
import { SignInClient } from '../support/sign-in-client';

/** Only Date moves (timers keep running), so a session's clock can be put forward inside one test. */
const DATE_ONLY = ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] as const;

/** Sessions after a passkey sign-in: refresh with rotation, sign-out, sign-out everywhere, and losing access. */
describe('sessions', () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Many sign-ins from one address here; the limit itself is tested in invitations.e2e-spec.ts.
    server = await startTestServer({ SIGN_IN_RATE_LIMIT_PER_ADDRESS: '0' });
    await foundSmallCluster(server, 'kl');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  /** A new person, representative of `memberId` through an invitation, signed in on one device. */
  async function newRepresentative(memberId: string): Promise<SignInClient> {
    const { token } = (await server.call('POST', '/api/clusters/kl/invitations', { as: 'p1', body: { role: 'representative', memberId } })).body.invitation;
    const client = new SignInClient(server.url);
    const accepted = await client.acceptWithPasskey(token);
    if (accepted.status !== 201) throw new Error(JSON.stringify(accepted.body));
    await server.call('GET', `/api/clusters/kl?position=${accepted.body.position}`, { as: 'p1' });
    return client;
  }

  const connect = (token: string) => {
    const socket = io(`${server.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return new Promise<Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };
  const closed = (socket: Socket) =>
    Promise.all([new Promise<{ reason: string }>((r) => socket.once('signed_out', r)), new Promise<string>((r) => socket.once('disconnect', r))]);

  it('a refresh gives a new access token and rotates the cookie; a copied old cookie ends the session', async () => {
    const anna = await newRepresentative('m2');
    const first = anna.cookie!;
    const refreshed = await anna.call('POST', '/api/auth/refresh', undefined, { bearer: null });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.accessToken).not.toBe(anna.accessToken);
    expect(anna.cookie).not.toBe(first);
    const current = anna.cookie!;
    // A second tab that sent the old cookie at the same moment still gets an access token (and no new cookie).
    const otherTab = new SignInClient(server.url);
    otherTab.cookie = first;
    const racing = await otherTab.call('POST', '/api/auth/refresh', undefined, { bearer: null });
    expect(racing.status).toBe(200);
    expect(racing.headers.getSetCookie()).toEqual([]);
    // Later, the old cookie coming back means someone kept a copy: the whole session ends.
    jest.useFakeTimers({ now: Date.now() + 31_000, doNotFake: [...DATE_ONLY] });
    try {
      const replay = await otherTab.call('POST', '/api/auth/refresh', undefined, { bearer: null });
      expect([replay.status, replay.body.code]).toEqual([401, 'signed_out']);
    } finally {
      jest.useRealTimers();
    }
    anna.cookie = current;
    expect((await anna.call('POST', '/api/auth/refresh', undefined, { bearer: null })).status).toBe(401);
    expect((await anna.call('GET', '/api/clusters', undefined, { bearer: refreshed.body.accessToken })).status).toBe(401);
  });

  it('no cookie, or a made-up one: 401, and nothing is set', async () => {
    const client = new SignInClient(server.url);
    expect((await client.call('POST', '/api/auth/refresh')).body.code).toBe('signed_out');
    client.cookie = `klaster_refresh=${'x'.repeat(43)}`;
    expect((await client.call('POST', '/api/auth/refresh')).status).toBe(401);
  });

  it('sign-out ends this session at once: its access token is refused over HTTP, its socket is closed, another device stays', async () => {
    const anna = await newRepresentative('m3');
    const phone = new SignInClient(server.url, anna.authenticator);
    expect((await phone.signInWithPasskey()).status).toBe(200);
    const socket = await connect(anna.accessToken!);
    const phoneSocket = await connect(phone.accessToken!);
    const ended = closed(socket);
    expect((await anna.call('POST', '/api/auth/sign-out')).status).toBe(204);
    expect(anna.cookie).toBeUndefined();
    const [news, reason] = await ended;
    expect([news.reason, reason]).toEqual(['signed_out', 'io server disconnect']);
    expect((await anna.call('GET', '/api/clusters')).status).toBe(401);
    expect(phoneSocket.connected).toBe(true);
    expect((await phone.call('GET', '/api/clusters')).status).toBe(200);
    // Signing out again, or without a session, is harmless.
    expect((await anna.call('POST', '/api/auth/sign-out')).status).toBe(204);
  });

  it('sign-out everywhere ends every session of the person on every device', async () => {
    const anna = await newRepresentative('m4');
    const laptop = new SignInClient(server.url, anna.authenticator);
    await laptop.signInWithPasskey();
    const socket = await connect(laptop.accessToken!);
    const ended = closed(socket);
    const everywhere = await anna.call('POST', '/api/auth/sign-out-everywhere');
    expect(everywhere.body).toEqual({ sessionsEnded: 2 });
    await ended;
    for (const c of [anna, laptop]) {
      expect((await c.call('GET', '/api/clusters')).status).toBe(401);
      expect((await c.call('POST', '/api/auth/refresh', undefined, { bearer: null })).status).toBe(401);
    }
    // The passkey itself still works: signing in again starts a new session.
    expect((await laptop.signInWithPasskey()).status).toBe(200);
  });

  it('a person removed from every cluster loses access at once: HTTP reads nothing, the socket is closed, no refresh, no sign-in', async () => {
    const anna = await newRepresentative('m5');
    const socket = await connect(anna.accessToken!);
    expect((await socket.emitWithAck('join', { room: 'cluster:kl' })).ok).toBe(true);
    const ended = Promise.all([new Promise<{ room: string }>((r) => socket.once('left', r)), closed(socket)]);
    const replaced = await server.call('POST', '/api/clusters/kl/members/m5/representative', { as: 'p1', body: { representative: { personId: 'p5', role: 'Prezes' } } });
    expect(replaced.status).toBe(200);
    const [left, [news]] = await ended;
    expect(left.room).toBe('cluster:kl');
    expect(news.reason).toBe('no_access');
    const cluster = await anna.call('GET', `/api/clusters/kl?position=${replaced.body.position}`);
    expect(cluster.status).toBe(404);
    expect((await anna.call('GET', '/api/clusters')).body).toEqual([]);
    const refresh = await anna.call('POST', '/api/auth/refresh', undefined, { bearer: null });
    expect([refresh.status, refresh.body.code]).toEqual([401, 'no_access']);
    const signIn = await new SignInClient(server.url, anna.authenticator).signInWithPasskey();
    expect([signIn.status, signIn.body.code]).toEqual([401, 'no_access']);
  });

  it('devices: a second passkey added while signed in, one removed, the last one kept', async () => {
    const anna = await newRepresentative('m2');
    const devices = async () => (await anna.call('GET', '/api/auth/devices')).body as { credentialId: string; label: string }[];
    expect((await devices()).map((d) => d.label)).toEqual(['Telefon']);
    const tablet = new SignInClient(server.url);
    const options = await anna.call('POST', '/api/auth/devices/options', {});
    const added = await anna.call('POST', '/api/auth/devices', { ceremonyId: options.body.ceremonyId, response: tablet.authenticator.create(options.body.options), label: 'Tablet' });
    expect(added.status).toBe(201);
    expect((await devices()).map((d) => d.label)).toEqual(['Telefon', 'Tablet']);
    // The tablet signs in as the same person.
    const onTablet = await tablet.signInWithPasskey();
    expect(onTablet.body.personId).toBe((await anna.call('POST', '/api/auth/refresh', undefined, { bearer: null })).body.personId);
    // Someone else cannot remove it; the owner can, but not the last one.
    expect((await server.call('DELETE', `/api/auth/devices/${added.body.credentialId}`, { as: 'p1' })).status).toBe(404);
    expect((await anna.call('DELETE', `/api/auth/devices/${added.body.credentialId}`)).status).toBe(204);
    expect((await new SignInClient(server.url, tablet.authenticator).signInWithPasskey()).body.code).toBe('passkey_refused');
    const [last] = await devices();
    const refused = await anna.call('DELETE', `/api/auth/devices/${last.credentialId}`);
    expect([refused.status, refused.body.code]).toEqual([422, 'last_device']);
  });

  it('a sign-in answer replayed (the same signed challenge twice) is refused', async () => {
    const anna = await newRepresentative('m2');
    const options = await anna.call('POST', '/api/auth/passkey/options');
    const response = anna.authenticator.get(options.body.options);
    expect((await anna.call('POST', '/api/auth/passkey', { ceremonyId: options.body.ceremonyId, response })).status).toBe(200);
    const replay = await anna.call('POST', '/api/auth/passkey', { ceremonyId: options.body.ceremonyId, response });
    expect([replay.status, replay.body.code]).toEqual([422, 'ceremony_expired']);
  });

  it('the bearer tokens of scripts (no session) keep working beside sessions', async () => {
    expect((await server.call('GET', '/api/clusters', { as: 'p1' })).status).toBe(200);
  });
});
