import { SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { mintToken } from '@klaster/identity';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';

const key = new TextEncoder().encode(TEST_SECRET);
const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: { sub?: string; exp?: number; iat?: number }) => {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' });
  if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  return jwt.sign(key);
};

const badTokens: [string, () => Promise<string>][] = [
  ['without exp (valid forever)', () => sign({ sub: 'p1', iat: now() })],
  ['issued in the future (iat an hour ahead)', () => sign({ sub: 'p1', iat: now() + 3600, exp: now() + 7200 })],
  ['whose sub is not a person id', () => sign({ sub: 'p1 OR 1=1', iat: now(), exp: now() + 600 })],
  ['without sub', () => sign({ iat: now(), exp: now() + 600 })],
];

describe('bearer tokens', () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'kl');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.close();
  });

  const connect = (token: string) => {
    const socket = io(`${server.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return new Promise<Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };
  const once = <T>(socket: Socket, event: string) => new Promise<T>((resolve) => socket.once(event, resolve));

  for (const [name, token] of badTokens) {
    it(`refuses a token ${name}: 401 unauthorized over HTTP, and the socket handshake`, async () => {
      const t = await token();
      const res = await fetch(`${server.url}/api/clusters`, { headers: { authorization: `Bearer ${t}` } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('unauthorized');
      await expect(connect(t)).rejects.toThrow(/unauthorized/);
    });
  }

  it('accepts the tokens `npm run cli -- token` mints (they expire)', async () => {
    const res = await fetch(`${server.url}/api/clusters`, { headers: { authorization: `Bearer ${await mintToken(TEST_SECRET, 'p1')}` } });
    expect(res.status).toBe(200);
  });

  it('a socket does not outlive its token: asked to re-authenticate, then disconnected; one that sends a fresh token stays and joins', async () => {
    const exp = now() + 3;
    const lapsing = await connect(await mintToken(TEST_SECRET, 'p1', { ttl: exp }));
    const renewing = await connect(await mintToken(TEST_SECRET, 'p2', { ttl: exp }));
    const asked = await Promise.all([once<{ expiresAt: string }>(lapsing, 'reauthenticate'), once<{ expiresAt: string }>(renewing, 'reauthenticate')]);
    expect(asked.map((a) => a.expiresAt)).toEqual([new Date(exp * 1000).toISOString(), new Date(exp * 1000).toISOString()]);

    // A fresh token of someone else, or one without exp, is refused; the person's own is taken.
    expect(await renewing.emitWithAck('authenticate', { token: await mintToken(TEST_SECRET, 'p3') })).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await renewing.emitWithAck('authenticate', { token: await sign({ sub: 'p2', iat: now() }) })).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await renewing.emitWithAck('authenticate', { token: await mintToken(TEST_SECRET, 'p2', { ttl: '1h' }) })).toMatchObject({ ok: true });

    const [expired, reason] = await Promise.all([once<{ reason: string }>(lapsing, 'expired'), once<string>(lapsing, 'disconnect')]);
    expect(expired.reason).toMatch(/expired/);
    expect(reason).toBe('io server disconnect');
    // The renewed socket is past its first token's expiry and still follows rooms.
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
    expect(renewing.connected).toBe(true);
    expect(await renewing.emitWithAck('join', { room: 'cluster:kl' })).toMatchObject({ ok: true, room: 'cluster:kl' });
  }, 20_000);
});
