import { readFileSync } from 'node:fs';
import { dayIn } from '@klaster/domain';
import { SEED_004_HISTORY, loadSeed004 } from '../../apps/server/src/demo/load-seed-004';
import { seed004Founding } from '../../apps/server/src/demo/seed-004';
import { ImportRunner } from '../../apps/server/src/imports/import-runner';
import { startTestServer, type TestServer } from '../support/test-server';

describe('demo mode', () => {
  let demo: TestServer;
  let plain: TestServer;
  beforeAll(async () => {
    [demo, plain] = await Promise.all([startTestServer({ DEMO: 'true' }), startTestServer()]);
  });
  afterAll(() => Promise.all([demo.close(), plain.close()]));

  it('imports the seed-004 history once: 19 signatories and their signatures of 21 November 2014, the coordinator, an auditor and their names', async () => {
    expect(await loadSeed004(demo.app)).toEqual({ loaded: true });
    expect(await loadSeed004(demo.app)).toEqual({ loaded: false });
    const cluster = await demo.call('GET', '/api/clusters/wm-kes', { as: 'zofia-audytor' });
    expect(cluster.status).toBe(200);
    expect(cluster.body.members).toHaveLength(19);
    expect(cluster.body.signatures).toHaveLength(19);
    // A date in the file is noon of that day in the cluster's zone.
    expect(cluster.body.signatures.every((s: { signedAt: string }) => s.signedAt === '2014-11-21T11:00:00.000Z' && dayIn(s.signedAt, 'Europe/Warsaw') === '2014-11-21')).toBe(true);
    expect(cluster.body.coordinator.memberId).toBe('wama-coop');
    // The coordinator recorded the history: she has acted in the cluster, so its readers see her name.
    const coordinator = await demo.call('GET', '/api/people/elzbieta-nowakowska', { as: 'zofia-audytor' });
    expect(coordinator.body.displayName).toBe('Elżbieta Nowakowska');
    // Anna's signature of 2014 was entered by the coordinator: her name stays hers until she acts in Klaster herself.
    expect((await demo.call('GET', '/api/people/anna-kowalska', { as: 'zofia-audytor' })).status).toBe(404);
    expect((await demo.call('GET', '/api/people/anna-kowalska', { as: 'anna-kowalska' })).body.displayName).toBe('Anna Kowalska');
  });

  it('is the import of a file: the founding in it is the seed-004 agreement, every act dated and referenced; importing it again writes nothing', async () => {
    const lines = readFileSync(SEED_004_HISTORY, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'FoundCluster', params: {}, body: { ...seed004Founding, occurredAt: '2014-11-21', reference: expect.stringContaining('21.11.2014') } });
    expect(lines.every((l) => l.body.occurredAt && l.body.reference)).toBe(true);
    const again = await demo.app.get(ImportRunner).run(readFileSync(SEED_004_HISTORY, 'utf8'), { actor: 'elzbieta-nowakowska', dryRun: false });
    expect(again).toMatchObject({ acts: lines.length, alreadyRecorded: lines.length, recorded: [] });
  });

  it('holds three years of governance: each body’s register numbered n/yyyy in the years its meetings were held', async () => {
    const register = (await demo.call('GET', '/api/clusters/wm-kes/resolutions', { as: 'zofia-audytor' })).body as { body: string; number: string; meetingId: string }[];
    const numbers = (body: string) => register.filter((r) => r.body === body).map((r) => `${r.number} ${r.meetingId.slice('wm-kes.'.length)}`);
    expect(numbers('council')).toEqual(['1/2015 rada-2015-q1', '2/2015 rada-2015-q2', '3/2015 rada-2015-q3', '4/2015 rada-2015-q4', '1/2016 rada-2016-q2', '2/2016 rada-2016-q3', '3/2016 rada-2016-q4', '1/2017 rada-2017-q1', '2/2017 rada-2017-q2']);
    expect(numbers('general_meeting')).toEqual(['1/2015 ozc-2015', '2/2015 ozc-2015', '3/2015 ozc-2015', '1/2016 ozc-2016', '2/2016 ozc-2016', '3/2016 ozc-2016', '4/2016 ozc-2016', '1/2017 ozc-2017', '2/2017 ozc-2017', '3/2017 ozc-2017']);
    const versions = (await demo.call('GET', '/api/clusters/wm-kes/agreement/versions', { as: 'zofia-audytor' })).body;
    expect(versions.map((v: { version: number; inForceSince: string }) => [v.version, v.inForceSince])).toEqual([[1, '2014-11-21'], [2, '2016-04-01']]);
    const cycles = (await demo.call('GET', '/api/clusters/wm-kes/annual-cycles', { as: 'zofia-audytor' })).body;
    for (const year of [2014, 2015, 2016]) expect(cycles.find((c: { year: number }) => c.year === year)).toMatchObject({ reportDecision: { accepted: true }, absolution: { granted: true } });
    const groups = (await demo.call('GET', '/api/clusters/wm-kes/groups', { as: 'zofia-audytor' })).body;
    expect(groups).toHaveLength(2);
    const promocja = (await demo.call('GET', '/api/groups/wm-kes.promocja', { as: 'zofia-audytor' })).body;
    expect(promocja.tasks).toHaveLength(2);
    expect(promocja.active).toBe(true);
    // Older votes come from their minutes: counts only, no individual ballots.
    const q3 = (await demo.call('GET', '/api/meetings/wm-kes.rada-2015-q3', { as: 'zofia-audytor' })).body;
    expect(q3.votes[0]).toMatchObject({ ballots: [], result: { fromMinutes: 'Protokół nr 3/2015/RK', tally: { yes: 11, no: 3, abstain: 0 }, resolution: { number: '3/2015' } } });
  });

  it('travels in time to any past day of it', async () => {
    const as = { as: 'zofia-audytor' };
    expect((await demo.call('GET', '/api/clusters/wm-kes?asOf=2014-11-20', as)).status).toBe(404);
    const founded = (await demo.call('GET', '/api/clusters/wm-kes?asOf=2014-11-21', as)).body;
    expect([founded.members.length, founded.signatures.length, founded.auditors.length]).toEqual([19, 19, 0]);
    expect((await demo.call('GET', '/api/clusters/wm-kes?asOf=2015-02-01', as)).body.auditors).toEqual([expect.objectContaining({ personId: 'zofia-audytor' })]);
    // The amendment adopted on 15 March 2016 entered into force on 1 April.
    const before = (await demo.call('GET', '/api/clusters/wm-kes/agreement/versions?asOf=2016-03-14', as)).body;
    expect(before.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await demo.call('GET', '/api/clusters/wm-kes/agreement?asOf=2016-04-01', as)).body.version).toBe(2);
    // The general meeting of 2016 did not exist before it was convened, was convened, then held.
    expect((await demo.call('GET', '/api/meetings/wm-kes.ozc-2016?asOf=2016-02-25', as)).status).toBe(404);
    expect((await demo.call('GET', '/api/meetings/wm-kes.ozc-2016?asOf=2016-03-14', as)).body.status).toBe('convened');
    const held = (await demo.call('GET', '/api/meetings/wm-kes.ozc-2016?asOf=2016-03-15', as)).body;
    expect(held.votes.map((v: { result: { resolution: { number: string } } }) => v.result.resolution.number)).toEqual(['1/2016', '2/2016', '3/2016', '4/2016']);
    // At the end of 2015: the year 2014 closed with absolution, 2015 under its plan, its report not yet written.
    const cycles = (await demo.call('GET', '/api/clusters/wm-kes/annual-cycles?asOf=2015-12-31', as)).body as { year: number; report?: unknown; absolution?: { granted: boolean }; actionPlan?: { adopted: boolean } }[];
    expect(cycles.map((c) => c.year)).toEqual([2014, 2015]);
    expect(cycles[0].absolution?.granted).toBe(true);
    expect([cycles[1].actionPlan?.adopted, cycles[1].report ?? null]).toEqual([true, null]);
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
    const before = (await demo.call('GET', '/api/clusters/wm-kes', { as: 'elzbieta-nowakowska' })).body.revision;
    expect((await demo.call('DELETE', '/api/people/piotr-nowak', { as: 'elzbieta-nowakowska' })).status).toBe(403);
    expect((await demo.call('DELETE', '/api/people/elzbieta-nowakowska', { as: 'elzbieta-nowakowska' })).status).toBe(204);
    const erased = await demo.call('GET', '/api/people/elzbieta-nowakowska', { as: 'zofia-audytor' });
    expect(erased.body).toMatchObject({ displayName: '(erased)', email: null, erasedAt: expect.any(String) });
    const cluster = await demo.call('GET', '/api/clusters/wm-kes', { as: 'elzbieta-nowakowska' });
    expect(cluster.body.revision).toBe(before);
    expect(cluster.body.signatures.some((s: { personId: string }) => s.personId === 'elzbieta-nowakowska')).toBe(true);
  });
});
