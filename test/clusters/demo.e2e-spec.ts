import { loadSeed004 } from '../../apps/server/src/demo/load-seed-004';
import { startTestServer, type TestServer } from '../support/test-server';

describe('demo mode', () => {
  let demo: TestServer;
  let plain: TestServer;
  beforeAll(async () => {
    [demo, plain] = await Promise.all([startTestServer({ DEMO: 'true' }), startTestServer()]);
  });
  afterAll(() => Promise.all([demo.close(), plain.close()]));

  it('loads the seed-004 cluster once: 19 signatories, their signatures, the coordinator, an auditor and their names', async () => {
    expect(await loadSeed004(demo.app)).toEqual({ loaded: true });
    expect(await loadSeed004(demo.app)).toEqual({ loaded: false });
    const cluster = await demo.call('GET', '/api/clusters/wm-kes', { as: 'zofia-audytor' });
    expect(cluster.status).toBe(200);
    expect(cluster.body.members).toHaveLength(19);
    expect(cluster.body.signatures).toHaveLength(19);
    expect(cluster.body.signatures.every((s: { signedAt: string }) => s.signedAt === '2014-11-21T12:00:00.000Z')).toBe(true);
    expect(cluster.body.coordinator.memberId).toBe('wama-coop');
    const person = await demo.call('GET', '/api/people/anna-kowalska', { as: 'zofia-audytor' });
    expect(person.body.displayName).toBe('Anna Kowalska');
  });

  it('includes a year of governance: quarterly councils, a general meeting, an amendment, two working groups', async () => {
    const register = (await demo.call('GET', '/api/clusters/wm-kes/resolutions', { as: 'zofia-audytor' })).body;
    expect(register.map((r: { body: string; number: string }) => `${r.body} ${r.number}`)).toEqual([
      'council 1/2015',
      'council 2/2015',
      'council 3/2015',
      'council 4/2015',
      'general_meeting 1/2016',
      'general_meeting 2/2016',
      'general_meeting 3/2016',
      'general_meeting 4/2016',
    ]);
    const versions = (await demo.call('GET', '/api/clusters/wm-kes/agreement/versions', { as: 'zofia-audytor' })).body;
    expect(versions.map((v: { version: number; inForceSince: string }) => [v.version, v.inForceSince])).toEqual([[1, '2014-11-21'], [2, '2016-04-01']]);
    const cycles = (await demo.call('GET', '/api/clusters/wm-kes/annual-cycles', { as: 'zofia-audytor' })).body;
    expect(cycles.find((c: { year: number }) => c.year === 2015)).toMatchObject({ reportDecision: { accepted: true }, absolution: { granted: true } });
    const groups = (await demo.call('GET', '/api/clusters/wm-kes/groups', { as: 'zofia-audytor' })).body;
    expect(groups).toHaveLength(2);
    const promocja = (await demo.call('GET', '/api/groups/wm-kes.promocja', { as: 'zofia-audytor' })).body;
    expect(promocja.tasks).toHaveLength(2);
    expect(promocja.active).toBe(true);
  });

  it('hands out tokens for the demo’s people over HTTP only in demo mode', async () => {
    const res = await demo.call('POST', '/api/demo/token', { as: null, body: { personId: 'elzbieta-nowakowska' } });
    expect(res.status).toBe(201);
    const withToken = await fetch(`${demo.url}/api/clusters`, { headers: { authorization: `Bearer ${res.body.token}` } });
    expect(await withToken.json()).toEqual([expect.objectContaining({ clusterId: 'wm-kes' })]);
    expect((await demo.call('POST', '/api/demo/token', { as: null, body: { personId: 'intruder' } })).status).toBe(404);
    expect((await plain.call('POST', '/api/demo/token', { as: null, body: { personId: 'elzbieta-nowakowska' } })).status).toBe(404);
  });

  it('erases a person’s details without touching the log', async () => {
    const before = (await demo.call('GET', '/api/clusters/wm-kes', { as: 'anna-kowalska' })).body.revision;
    expect((await demo.call('DELETE', '/api/people/piotr-nowak', { as: 'anna-kowalska' })).status).toBe(403);
    expect((await demo.call('DELETE', '/api/people/anna-kowalska', { as: 'anna-kowalska' })).status).toBe(204);
    const erased = await demo.call('GET', '/api/people/anna-kowalska', { as: 'zofia-audytor' });
    expect(erased.body).toMatchObject({ displayName: '(erased)', email: null, erasedAt: expect.any(String) });
    const cluster = await demo.call('GET', '/api/clusters/wm-kes', { as: 'anna-kowalska' });
    expect(cluster.body.revision).toBe(before);
    expect(cluster.body.signatures.some((s: { personId: string }) => s.personId === 'anna-kowalska')).toBe(true);
  });
});
