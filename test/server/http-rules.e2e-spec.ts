import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../apps/server/src/event-store/event-store.module';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';

/** Rules of the HTTP edge that no other test pins: keys are personal, If-Match is parsed, and store failures map to 413 and 503. */
describe('HTTP rules (e2e)', () => {
  const PUBLIC_KEY = 'BC8z8pyxKx8LZc+v84IiJSXb7EUwjCCjLtw59AX6gdg=';

  describe('Idempotency-Key', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
      await foundSmallCluster(server, 'idem');
    });
    afterAll(() => server.close());

    const revision = async () => (await server.call('GET', '/api/clusters/idem', { as: 'p1' })).body.revision as string;

    it('reused by another person never returns the first person’s answer: the second request is decided for its own sender', async () => {
      const body = { memberId: 'm7', organisation: { name: 'Siódma', sector: 'business' }, representative: { personId: 'p7', role: 'Prezes' }, admittedOn: '2024-01-02' };
      const headers = { 'idempotency-key': 'wspolny-klucz-1' };
      const first = await server.call('POST', '/api/clusters/idem/members', { as: 'p1', body, headers });
      expect(first.status).toBe(201);
      const before = await revision();
      // The same key, path and body from someone who may not admit members: refused, not replayed.
      const other = await server.call('POST', '/api/clusters/idem/members', { as: 'p2', body, headers });
      expect(other.status).toBe(403);
      expect(other.headers.get('idempotent-replayed')).toBeNull();
      expect(await revision()).toBe(before);
    });

    it('reused by two people for the same request each may make, writes both acts and answers each their own', async () => {
      const headers = { 'idempotency-key': 'wspolny-klucz-2' };
      const body = { keyId: 'k1', publicKey: PUBLIC_KEY };
      const before = BigInt(await revision());
      const byP2 = await server.call('POST', '/api/clusters/idem/signing-keys', { as: 'p2', body, headers });
      const byP3 = await server.call('POST', '/api/clusters/idem/signing-keys', { as: 'p3', body, headers });
      expect([byP2.status, byP3.status]).toEqual([201, 201]);
      expect(byP3.headers.get('idempotent-replayed')).toBeNull();
      expect([byP2.body.revision, byP3.body.revision]).toEqual([String(before + 1n), String(before + 2n)]);
      // Each one's retry still replays its own answer.
      const retry = await server.call('POST', '/api/clusters/idem/signing-keys', { as: 'p3', body, headers });
      expect(retry.body).toEqual(byP3.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await revision()).toBe(String(before + 2n));
    });

    it('sent twice at once by the same person writes once; whoever is answered 201 gets the same answer', async () => {
      const headers = { 'idempotency-key': 'naraz-1' };
      const body = { keyId: 'k-naraz', publicKey: PUBLIC_KEY };
      const before = BigInt(await revision());
      const answers = await Promise.all([1, 2].map(() => server.call('POST', '/api/clusters/idem/signing-keys', { as: 'p4', body, headers })));
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const a of answers) expect([201, 409]).toContain(a.status);
      for (const a of created) expect(a.body).toEqual(created[0].body);
      expect(await revision()).toBe(String(before + 1n));
    });
  });

  describe('If-Match', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
      await foundSmallCluster(server, 'etag');
    });
    afterAll(() => server.close());

    it.each(['12', 'W/12', '"twelve"', 'W/"-1"', 'W/"1'])('answers 400 to a malformed If-Match (%s) and writes nothing', async (ifMatch) => {
      const before = await server.call('GET', '/api/clusters/etag', { as: 'p1' });
      const res = await server.call('POST', '/api/clusters/etag/auditors', { as: 'p1', body: { personId: 'audytor' }, headers: { 'if-match': ifMatch } });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/If-Match/);
      expect((await server.call('GET', '/api/clusters/etag', { as: 'p1' })).body.revision).toBe(before.body.revision);
    });

    it('acts on the current ETag, with or without the weak prefix', async () => {
      const current = await server.call('GET', '/api/clusters/etag', { as: 'p1' });
      const weak = current.headers.get('etag')!;
      const first = await server.call('POST', '/api/clusters/etag/auditors', { as: 'p1', body: { personId: 'audytor-1' }, headers: { 'if-match': weak } });
      expect(first.status).toBe(201);
      const strong = first.headers.get('etag')!.replace(/^W\//, '');
      expect((await server.call('POST', '/api/clusters/etag/auditors', { as: 'p1', body: { personId: 'audytor-2' }, headers: { 'if-match': strong } })).status).toBe(201);
    });
  });

  describe('store failures', () => {
    it('413 for an event over MAX_EVENT_BYTES, and nothing is written', async () => {
      const server = await startTestServer({ MAX_EVENT_BYTES: '4000' });
      try {
        const found = (text: string) =>
          server.call('POST', '/api/clusters', {
            as: 'p1',
            body: {
              clusterId: 'duzy',
              name: 'Duży klaster',
              foundedOn: '2023-01-10',
              coordinatorMemberId: 'm1',
              foundingMembers: [{ memberId: 'm1', organisation: { name: 'Jedna', sector: 'business' }, representative: { personId: 'p1', role: 'Prezes' } }],
              agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text }] },
            },
          });
        const tooLarge = await found('Współpraca. '.repeat(400));
        expect(tooLarge.status).toBe(413);
        expect((await server.call('GET', '/health', { as: null })).body.headPosition).toBe('0');
        expect((await server.call('GET', '/api/clusters/duzy', { as: 'p1', position: false })).status).toBe(404);
        // The same founding with a short text passes: the 413 was about the size.
        expect((await found('Współpraca.')).status).toBe(201);
      } finally {
        await server.close();
      }
    });

    it('503 when the event store is unavailable', async () => {
      const server = await startTestServer();
      try {
        await foundSmallCluster(server, 'awaria');
        await server.app.get<EventStore>(EVENT_STORE).close();
        const res = await server.call('POST', '/api/clusters/awaria/auditors', { as: 'p1', body: { personId: 'audytor' } });
        expect(res.status).toBe(503);
      } finally {
        await server.close();
      }
    });
  });
});
