import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';

/**
 * Naming a person grants nothing: their name and contacts become visible to a cluster only once
 * they have acted there themselves.
 */
describe('who may see a person’s name and contacts', () => {
  let server: TestServer;
  const stranger = { displayName: 'Stefan Nieznajomy', email: 'stefan@example.org', phone: '+48 600 000 001' };
  beforeAll(async () => {
    server = await startTestServer();
    for (const [personId, details] of [
      ['stranger', stranger],
      ['auditor-x', { displayName: 'Audytor X', email: 'ax@example.org' }],
    ] as const) {
      expect((await server.call('PUT', '/api/people/me', { as: personId, body: details })).status).toBe(200);
    }
    await foundSmallCluster(server, 'kl');
  });
  afterAll(() => server.close());

  const details = (personId: string, as: string) => server.call('GET', `/api/people/${personId}`, { as });
  const textHash = async (clusterId: string) => (await server.call('GET', `/api/clusters/${clusterId}/agreement`, { as: 'p1' })).body.textHash as string;

  it('a founder naming a stranger as a member’s representative, or appointing them auditor, sees 404 for their details', async () => {
    const named = await server.call('POST', '/api/clusters', {
      as: 'p1',
      body: {
        clusterId: 'grab',
        name: 'Klaster podglądacza',
        foundedOn: '2023-01-10',
        coordinatorMemberId: 'm1',
        foundingMembers: [
          { memberId: 'm1', organisation: { name: 'Org 1', sector: 'business' }, representative: { personId: 'p1', role: 'Prezes' } },
          { memberId: 'm2', organisation: { name: 'Org 2', sector: 'business' }, representative: { personId: 'stranger', role: 'Prezes' } },
        ],
        agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
      },
    });
    expect(named.status).toBe(201);
    expect((await server.call('POST', '/api/clusters/grab/auditors', { as: 'p1', body: { personId: 'auditor-x' } })).status).toBe(201);
    for (const personId of ['stranger', 'auditor-x']) {
      const res = await details(personId, 'p1');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
      expect(JSON.stringify(res.body)).not.toMatch(/Stefan|Audytor|example\.org/);
    }
    // They see their own, always.
    expect((await details('stranger', 'stranger')).body).toMatchObject(stranger);
  });

  it('once the stranger acts there (signs the agreement), the cluster’s people see them — read at the position of that act', async () => {
    const hash = await textHash('grab');
    const [signed, before] = await Promise.all([
      server.call('POST', '/api/clusters/grab/members/m2/signatures', { as: 'stranger', body: { textHash: hash } }),
      details('stranger', 'p1'),
    ]);
    expect(signed.status).toBe(201);
    expect([200, 404]).toContain(before.status); // racing the signature: either, never an error
    const after = await server.call('GET', `/api/people/stranger?position=${signed.body.position}`, { as: 'p1', position: false });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject(stranger);
  });

  it('acting in one cluster shows them to that cluster only: another cluster that names them still sees nothing', async () => {
    await server.call('POST', '/api/clusters', {
      as: 'z1',
      body: {
        clusterId: 'inny',
        name: 'Inny klaster',
        foundedOn: '2023-01-10',
        coordinatorMemberId: 'z',
        foundingMembers: [
          { memberId: 'z', organisation: { name: 'Zet', sector: 'other' }, representative: { personId: 'z1', role: 'Prezes' } },
          { memberId: 'y', organisation: { name: 'Igrek', sector: 'other' }, representative: { personId: 'stranger', role: 'Prezes' } },
        ],
        agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
      },
    });
    expect((await details('stranger', 'z1')).status).toBe(404);
    // A member of kl, where the stranger never acted, sees nothing either.
    expect((await details('stranger', 'p3')).status).toBe(404);
    // The auditor never acted in grab: still hidden from its founder.
    expect((await details('auditor-x', 'p1')).status).toBe(404);
  });

  it('the founder, who acted, is visible to the stranger now reading the cluster', async () => {
    expect((await server.call('PUT', '/api/people/me', { as: 'p1', body: { displayName: 'Piotr Pierwszy' } })).status).toBe(200);
    expect((await details('p1', 'stranger')).body).toMatchObject({ displayName: 'Piotr Pierwszy' });
  });
});
