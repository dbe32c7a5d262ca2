import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';
import { SignInClient } from '../support/sign-in-client';

/** Invitations: issued by the coordinator, accepted once with a new passkey, expired, revoked, refused when reused. */
describe('invitations', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'kl');
  });
  afterAll(() => server.close());

  const invite = async (body: Record<string, unknown> = { role: 'representative', memberId: 'm2', representativeRole: 'Prezes Zarządu' }, as = 'p1') =>
    server.call('POST', '/api/clusters/kl/invitations', { as, body });

  it('the coordinator invites; the link is shown once; the log keeps only its hash; the invitation is listed as open', async () => {
    const issued = await invite();
    expect(issued.status).toBe(201);
    expect(issued.body.events).toEqual(['InvitationIssued']);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const { token, link, invitationId, expiresAt } = issued.body.invitation;
    // 256 random bits after the cluster's id, carried after '#': never sent to a server in a URL.
    expect(token).toMatch(/^kl\.[A-Za-z0-9_-]{43}$/);
    expect(link).toBe(`${server.url}/invitations#${token}`);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const open = await server.call('GET', '/api/clusters/kl/invitations', { as: 'p1' });
    expect(open.body).toEqual([expect.objectContaining({ invitationId, role: 'representative', memberId: 'm2', organisation: 'Organizacja 2', invitedBy: 'p1' })]);
    expect(JSON.stringify(open.body)).not.toContain(token.slice(3));
    const files = readdirSync(server.dataDir).map((f) => readFileSync(join(server.dataDir, f)).toString('latin1'));
    expect(files.some((f) => f.includes(token.slice(3)))).toBe(false);
    // Only the coordinator lists them; a stranger learns nothing.
    expect((await server.call('GET', '/api/clusters/kl/invitations', { as: 'p2' })).status).toBe(403);
    expect((await server.call('GET', '/api/clusters/kl/invitations', { as: 'stranger' })).status).toBe(404);
    await server.call('POST', `/api/clusters/kl/invitations/${invitationId}/revocation`, { as: 'p1' });
  });

  it('only the coordinator invites; a bad request changes nothing', async () => {
    expect((await invite(undefined, 'p2')).status).toBe(403);
    expect((await invite(undefined, 'stranger')).status).toBe(404);
    const noMember = await invite({ role: 'representative' });
    expect([noMember.status, noMember.body.code]).toEqual([422, 'member_required']);
    const bad = await invite({ role: 'king' });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid_request']);
    expect((await server.call('GET', '/api/clusters/kl/invitations', { as: 'p1' })).body).toEqual([]);
  });

  it('a new person opens the link, registers a passkey and accepts: they represent the member from then on, in one act of theirs', async () => {
    const { token } = (await invite()).body.invitation;
    const anna = new SignInClient(server.url);
    const preview = await anna.call('POST', '/api/invitations/preview', { token });
    expect(preview.body).toEqual({ clusterId: 'kl', clusterName: 'Klaster kl', role: 'representative', member: { memberId: 'm2', organisation: 'Organizacja 2' }, expiresAt: expect.any(String), status: 'open' });

    const accepted = await anna.acceptWithPasskey(token);
    expect(accepted.status).toBe(201);
    expect(accepted.body.events).toEqual(['InvitationAccepted', 'RepresentativeChanged']);
    const { personId, accessToken, expiresAt } = accepted.body.session;
    expect(personId).toMatch(/^p-[A-Za-z0-9]{16}$/);
    // A short-lived access token; the refresh token only in an httpOnly, SameSite=Strict cookie for /api/auth.
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    expect(JSON.stringify(accepted.body)).not.toMatch(/refresh/i);
    const setCookie = accepted.headers.getSetCookie()[0];
    expect(setCookie).toMatch(/^klaster_refresh=[A-Za-z0-9_-]{43}; Path=\/api\/auth; Expires=.*; HttpOnly; SameSite=Strict$/);

    const position = accepted.body.position;
    const cluster = await anna.call('GET', `/api/clusters/kl?position=${position}`, undefined, { bearer: accessToken });
    expect(cluster.status).toBe(200);
    expect(cluster.body.members.find((m: { memberId: string }) => m.memberId === 'm2').representative).toEqual({ personId, role: 'Prezes Zarządu' });
    // The one they replaced reads no more; the acceptance was their act, so the cluster may now see their name.
    expect((await server.call('GET', `/api/clusters/kl?position=${position}`, { as: 'p2' })).status).toBe(404);
    expect((await anna.call('PUT', '/api/people/me', { displayName: 'Anna Kowalska' })).status).toBe(200);
    expect((await server.call('GET', `/api/people/${personId}?position=${position}`, { as: 'p1' })).body).toMatchObject({ displayName: 'Anna Kowalska' });

    // Used once: the same link refuses anyone else, with a passkey or signed in.
    const again = await new SignInClient(server.url).acceptWithPasskey(token);
    expect([again.status, again.body.code]).toEqual([409, 'invitation_used']);
    const signedIn = await server.call('POST', '/api/invitations/acceptance', { as: 'p3', body: { token } });
    expect([signedIn.status, signedIn.body.code]).toEqual([409, 'invitation_used']);
    expect((await server.call('GET', '/api/clusters/kl/invitations', { as: 'p1' })).body).toEqual([]);

    // Later, on the same device: sign in with the passkey.
    const later = new SignInClient(server.url, anna.authenticator);
    const session = await later.signInWithPasskey();
    expect(session.status).toBe(200);
    expect(session.body.personId).toBe(personId);
    expect((await later.call('GET', '/api/clusters')).body.map((c: { clusterId: string }) => c.clusterId)).toEqual(['kl']);
  });

  it('two people accepting the same link at once: one wins, the other is refused and keeps no passkey', async () => {
    const { token } = (await invite({ role: 'auditor' })).body.invitation;
    const [a, b] = [new SignInClient(server.url), new SignInClient(server.url)];
    const [oa, ob] = await Promise.all([a, b].map((c) => c.call('POST', '/api/invitations/passkey/options', { token, displayName: 'X' })));
    const answers = await Promise.all([
      a.call('POST', '/api/invitations/passkey', { ceremonyId: oa.body.ceremonyId, response: a.authenticator.create(oa.body.options) }),
      b.call('POST', '/api/invitations/passkey', { ceremonyId: ob.body.ceremonyId, response: b.authenticator.create(ob.body.options) }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = answers[0].status === 409 ? a : b;
    expect(answers.find((r) => r.status === 409)!.body.code).toBe('invitation_used');
    expect(loser.cookie).toBeUndefined();
    const signIn = await loser.signInWithPasskey();
    expect([signIn.status, signIn.body.code]).toEqual([401, 'passkey_refused']);
    const cluster = await server.call('GET', '/api/clusters/kl', { as: 'p1' });
    const accepted = answers.find((r) => r.status === 201)!.body.session.personId;
    expect(cluster.body.auditors.map((x: { personId: string }) => x.personId)).toEqual([accepted]);
  });

  it('a revoked invitation is refused; revoking is the coordinator’s, once', async () => {
    const { token, invitationId } = (await invite({ role: 'registrar' })).body.invitation;
    expect((await server.call('POST', `/api/clusters/kl/invitations/${invitationId}/revocation`, { as: 'p3' })).status).toBe(403);
    const revoked = await server.call('POST', `/api/clusters/kl/invitations/${invitationId}/revocation`, { as: 'p1' });
    expect([revoked.status, revoked.body.events]).toEqual([201, ['InvitationRevoked']]);
    expect((await server.call('POST', `/api/clusters/kl/invitations/${invitationId}/revocation`, { as: 'p1' })).body.code).toBe('invitation_revoked');
    const client = new SignInClient(server.url);
    expect((await client.call('POST', '/api/invitations/preview', { token })).body.status).toBe('revoked');
    const refused = await client.acceptWithPasskey(token);
    expect([refused.status, refused.body.code]).toEqual([422, 'invitation_revoked']);
    expect((await server.call('POST', '/api/invitations/acceptance', { as: 'p3', body: { token } })).body.code).toBe('invitation_revoked');
  });

  it('an expired invitation is refused', async () => {
    const { token } = (await invite({ role: 'auditor', validForDays: 1 })).body.invitation;
    // Only Date moves on (a day and a second), so the server's own timers keep running.
    jest.useFakeTimers({ now: Date.now() + 86_401_000, doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      const client = new SignInClient(server.url);
      expect((await client.call('POST', '/api/invitations/preview', { token })).body.status).toBe('expired');
      const refused = await server.call('POST', '/api/invitations/acceptance', { as: 'p3', body: { token } });
      expect([refused.status, refused.body.code]).toEqual([422, 'invitation_expired']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('an unknown link, a made-up one and one of a cluster that does not exist answer the same 404', async () => {
    const bodies = [];
    for (const token of [`kl.${'A'.repeat(43)}`, `nowhere.${'A'.repeat(43)}`, 'nonsense']) {
      const res = await new SignInClient(server.url).call('POST', '/api/invitations/preview', { token });
      expect(res.status).toBe(404);
      bodies.push(res.body);
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0].code).toBe('invitation_not_found');
    expect((await server.call('POST', '/api/invitations/acceptance', { as: 'p3', body: { token: `nowhere.${'A'.repeat(43)}` } })).body).toEqual(bodies[0]);
  });

  it('someone already signed in accepts without a new passkey: an auditor of a second role', async () => {
    const { token } = (await invite({ role: 'auditor' })).body.invitation;
    const accepted = await server.call('POST', '/api/invitations/acceptance', { as: 'ph', body: { token } });
    expect([accepted.status, accepted.body.events]).toEqual([201, ['InvitationAccepted', 'AuditorAppointed']]);
  });
});

describe('invitation and sign-in endpoints are rate-limited per address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIGN_IN_RATE_LIMIT_PER_ADDRESS: '5' });
  });
  afterAll(() => server.close());

  it('the sixth guess within a minute is answered 429 with Retry-After, while other reads go on', async () => {
    const client = new SignInClient(server.url);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await client.call('POST', '/api/invitations/preview', { token: `kl.${String(i).repeat(43)}` })).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    const limited = await client.call('POST', '/api/auth/passkey/options');
    expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await server.call('GET', '/api/clusters', { as: 'p1' })).status).toBe(200);
  });
});
