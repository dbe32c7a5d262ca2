import { agreementTextHash, agreementTextSchema } from '@klaster/domain';
import { SEED_004_COORDINATOR, seed004Founding, seed004Signatories } from '../../apps/server/src/demo/seed-004';
import { startTestServer, type TestServer } from '../support/test-server';

const C = SEED_004_COORDINATOR.personId;
const base = `/api/clusters/${seed004Founding.clusterId}`;

/** The cluster is founded and signed once, before the tests; each test then stands on that alone. */
describe('the seed-004 cluster through HTTP on the embedded store', () => {
  let server: TestServer;
  let founding: Awaited<ReturnType<TestServer['call']>>;
  let signing: Awaited<ReturnType<TestServer['call']>>[];
  const textHash = agreementTextHash(agreementTextSchema.parse(seed004Founding.agreement));
  beforeAll(async () => {
    server = await startTestServer();
    founding = await server.call('POST', '/api/clusters', { as: C, body: seed004Founding });
    signing = [];
    for (const { memberId, personId } of seed004Signatories) {
      signing.push(await server.call('POST', `${base}/members/${memberId}/signatures`, { as: personId, body: { textHash } }));
    }
  });
  afterAll(() => server.close());

  it('is founded by the coordinator, with 19 members and its agreement in force since 21 November 2014', async () => {
    const res = founding;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ streamId: 'cluster-wm-kes', revision: '21' });
    expect(BigInt(res.body.position)).toBeGreaterThan(0n);
    expect(res.headers.get('etag')).toBe('W/"21"');
    const cluster = await server.call('GET', base, { as: C });
    expect(cluster.status).toBe(200);
    expect(cluster.body.members).toHaveLength(19);
    expect(cluster.body.coordinator.memberId).toBe('wama-coop');
    expect(cluster.body.agreement).toMatchObject({ version: 1, inForceSince: '2014-11-21' });
  });

  it('records the 19 signatures on the exact text', async () => {
    expect(signing.map((res) => res.status)).toEqual(Array(19).fill(201));
    const cluster = await server.call('GET', base, { as: C });
    expect(cluster.body.signatures).toHaveLength(19);
    expect(new Set(cluster.body.signatures.map((s: { textHash: string }) => s.textHash))).toEqual(new Set([textHash]));
  });

  it('refuses a signature on a stale text with 422 and writes nothing', async () => {
    const before = await server.call('GET', base, { as: C });
    const res = await server.call('POST', `${base}/members/arka/signatures`, { as: 'piotr-nowak', body: { textHash: 'f'.repeat(64) } });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/not the current agreement/);
    expect((await server.call('GET', base, { as: C })).body.revision).toBe(before.body.revision);
  });

  it('admits an honorary member (the coordinator only)', async () => {
    const body = {
      memberId: 'olsztyn',
      organisation: { name: 'Gmina Olsztyn', sector: 'local_government' },
      kind: 'honorary',
      representative: { personId: 'prezydent-olsztyna', role: 'Prezydent Miasta' },
      admittedOn: '2015-02-10',
    };
    const refused = await server.call('POST', `${base}/members`, { as: 'piotr-nowak', body });
    expect(refused.status).toBe(403);
    const res = await server.call('POST', `${base}/members`, { as: C, body });
    expect(res.status).toBe(201);
    const cluster = await server.call('GET', base, { as: 'prezydent-olsztyna' });
    expect(cluster.body.members.find((m: { memberId: string }) => m.memberId === 'olsztyn')).toMatchObject({ kind: 'honorary', status: 'active' });
  });

  it('records one unilateral withdrawal; the withdrawn member can no longer act', async () => {
    const res = await server.call('POST', `${base}/members/ptaszarnia/withdrawal`, {
      as: 'joanna-mazur',
      body: { withdrawnOn: '2016-06-30', writtenNoticeRef: 'Pismo z dnia 30.06.2016' },
    });
    expect(res.status).toBe(201);
    const again = await server.call('POST', `${base}/members/ptaszarnia/representative`, {
      as: 'joanna-mazur',
      body: { representative: { personId: 'ktos-inny', role: 'Prezes' } },
    });
    // Withdrawn, it is an outsider: the same 404 as for a cluster that does not exist.
    expect(again.status).toBe(404);
    // Nor can the coordinator act for it any more.
    const byCoordinator = await server.call('POST', `${base}/members/ptaszarnia/representative`, {
      as: C,
      body: { representative: { personId: 'ktos-inny', role: 'Prezes' } },
    });
    expect(byCoordinator.status).toBe(403);
    expect(byCoordinator.body.message).toMatch(/withdrawn/);
    // A withdrawn member's representative no longer sees the cluster.
    expect((await server.call('GET', base, { as: 'joanna-mazur' })).status).toBe(404);
  });

  it('changes a representative: the new one acts from then on, the old one no longer can', async () => {
    const res = await server.call('POST', `${base}/members/lider/representative`, {
      as: 'ewa-kozlowska',
      body: { representative: { personId: 'robert-nowicki', role: 'Prezes Zarządu' } },
    });
    expect(res.status).toBe(200);
    expect((await server.call('GET', base, { as: 'ewa-kozlowska' })).status).toBe(404);
    const cluster = await server.call('GET', base, { as: 'robert-nowicki' });
    const lider = cluster.body.members.find((m: { memberId: string }) => m.memberId === 'lider');
    expect(lider.representativeHistory.map((r: { personId: string }) => r.personId)).toEqual(['ewa-kozlowska', 'robert-nowicki']);
    // The signature given by the previous representative stays as it was.
    expect(cluster.body.signatures.find((s: { memberId: string }) => s.memberId === 'lider').personId).toBe('ewa-kozlowska');
  });

  it('lets an auditor read but not act', async () => {
    expect((await server.call('POST', `${base}/auditors`, { as: C, body: { personId: 'zofia-audytor' } })).status).toBe(201);
    expect((await server.call('GET', base, { as: 'zofia-audytor' })).status).toBe(200);
    const act = await server.call('POST', `${base}/members`, {
      as: 'zofia-audytor',
      body: { memberId: 'x', organisation: { name: 'X', sector: 'other' }, representative: { personId: 'x', role: 'x' }, admittedOn: '2017-01-01' },
    });
    expect(act.status).toBe(403);
  });

  describe('errors, each with its status and a readable message', () => {
    it('400 with the zod issues for a malformed body, and nothing written', async () => {
      const before = (await server.call('GET', base, { as: C })).body.revision;
      const res = await server.call('POST', `${base}/members`, { as: C, body: { memberId: '', organisation: { sector: 'mining' } } });
      expect(res.status).toBe(400);
      expect(res.body.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(
        expect.arrayContaining(['memberId', 'organisation.name', 'organisation.sector', 'representative', 'admittedOn']),
      );
      expect((await server.call('GET', base, { as: C })).body.revision).toBe(before);
    });

    it('400 for a body that is not JSON', async () => {
      const res = await server.call('POST', `${base}/members`, { as: C, body: '{"memberId": ', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
    });

    it('401 without a token, or with a forged one', async () => {
      expect((await server.call('GET', base, { as: null })).status).toBe(401);
      const forged = await server.call('GET', base, { as: null, headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' } });
      expect(forged.status).toBe(401);
    });

    it('404 for a cluster that does not exist', async () => {
      const res = await server.call('POST', '/api/clusters/nope/members', {
        as: C,
        body: { memberId: 'x', organisation: { name: 'X', sector: 'other' }, representative: { personId: 'x', role: 'x' }, admittedOn: '2017-01-01' },
      });
      expect(res.status).toBe(404);
    });

    it('412 when If-Match names a revision that is no longer current', async () => {
      const res = await server.call('POST', `${base}/auditors`, { as: C, body: { personId: 'drugi-audytor' }, headers: { 'if-match': 'W/"3"' } });
      expect(res.status).toBe(412);
      expect(res.body.code).toBe('stale_revision');
      const current = await server.call('GET', base, { as: C });
      const ok = await server.call('POST', `${base}/auditors`, { as: C, body: { personId: 'drugi-audytor' }, headers: { 'if-match': current.headers.get('etag')! } });
      expect(ok.status).toBe(201);
    });

    it('a retried command with the same Idempotency-Key writes nothing new and returns the first answer', async () => {
      const body = {
        memberId: 'uwm',
        organisation: { name: 'Uniwersytet Warmińsko-Mazurski', sector: 'research_university' },
        representative: { personId: 'rektor-uwm', role: 'Rektor' },
        admittedOn: '2018-03-01',
      };
      const headers = { 'idempotency-key': 'admit-uwm-1' };
      const first = await server.call('POST', `${base}/members`, { as: C, body, headers });
      const retry = await server.call('POST', `${base}/members`, { as: C, body, headers });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect((await server.call('GET', base, { as: C })).body.revision).toBe(first.body.revision);
      const misuse = await server.call('POST', `${base}/members`, { as: C, body: { ...body, memberId: 'other' }, headers });
      expect(misuse.status).toBe(422);
    });
  });

  it('shows a person of another cluster nothing', async () => {
    const other = { ...seed004Founding, clusterId: 'inny', name: 'Inny Klaster', foundingMembers: [{ ...seed004Founding.foundingMembers[0], representative: { personId: 'obcy', role: 'Prezes' } }], coordinatorMemberId: seed004Founding.foundingMembers[0].memberId };
    expect((await server.call('POST', '/api/clusters', { as: 'obcy', body: other })).status).toBe(201);
    expect((await server.call('GET', base, { as: 'obcy' })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters', { as: 'obcy' })).body.map((c: { clusterId: string }) => c.clusterId)).toEqual(['inny']);
    expect((await server.call('GET', '/api/clusters', { as: C })).body.map((c: { clusterId: string }) => c.clusterId)).toEqual(['wm-kes']);
    expect((await server.call('GET', `/api/people/${C}`, { as: 'obcy' })).status).toBe(404);
  });
});
