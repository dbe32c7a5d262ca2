import { startTestServer, type TestServer } from '../support/test-server';

describe('names and titles over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const founding = (name: string, council: string) => ({
    clusterId: 'kl',
    name,
    foundedOn: '2024-01-10',
    coordinatorMemberId: 'm1',
    foundingMembers: [{ memberId: 'm1', organisation: { name: 'Org', sector: 'business' }, representative: { personId: 'p1', role: 'Prezes' } }],
    agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
    charter: {
      bodies: { council, generalMeeting: 'Ogólne Zebranie', coordinator: 'Koordynator', workingGroup: 'Grupa' },
      decisionRules: Object.fromEntries(
        ['ordinary_resolution', 'amendment', 'leader_election', 'report_acceptance', 'absolution', 'action_plan', 'group_creation'].map((k) => [k, { quorum: { kind: 'none' }, majority: 'simple' }]),
      ),
      councilMeetingIntervalMonths: 3,
      minimumGroupSize: 3,
      honoraryMembersAttend: true,
      proxiesAllowed: false,
      weightedVoting: false,
      entryIntoForce: 'on_conclusion',
    },
  });

  it.each([
    ['a bidi override in the cluster’s name', founding('Klaster \u202Eanidorg', 'Rada'), ['name']],
    ['a charter body name of 100,000 characters', founding('Klaster', 'R'.repeat(100_000)), ['charter', 'bodies', 'council']],
    ['a line break in a body name', founding('Klaster', 'Rada\nKlastra'), ['charter', 'bodies', 'council']],
  ])('refuses %s with 400, naming the field, and writes nothing', async (_what, body, path) => {
    const res = await server.call('POST', '/api/clusters', { as: 'p1', body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(res.body.issues.map((i: { path: unknown }) => i.path)).toContainEqual(path);
    expect((await server.call('GET', '/api/clusters/kl', { as: 'p1' })).status).toBe(404);
  });

  it('refuses control and bidi characters in a person’s own details', async () => {
    const res = await server.call('PUT', '/api/people/me', { as: 'p1', body: { displayName: 'Jan \u2067Kowalski\u2069' } });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toEqual(['displayName']);
    expect((await server.call('PUT', '/api/people/me', { as: 'p1', body: { displayName: 'Jan Kowalski', phone: '+48 600\t000' } })).status).toBe(400);
    expect((await server.call('PUT', '/api/people/me', { as: 'p1', body: { displayName: 'Jan Kowalski-Żółć', phone: '+48 600 000 000' } })).status).toBe(200);
  });

  it('accepts the same founding with plain names', async () => {
    expect((await server.call('POST', '/api/clusters', { as: 'p1', body: founding('Klaster Łódzki', 'Rada Klastra') })).status).toBe(201);
  });
});
