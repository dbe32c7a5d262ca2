import { apiContract } from '../support/api-contract';
import { mintToken } from '@klaster/identity';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { foundOtherCluster, foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';

type Operation = { security?: unknown[]; requestBody?: { content: Record<string, { schema?: unknown; example?: unknown }> }; responses?: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown }> }> };

/**
 * /api/docs describes the answers too, from the zod schemas the views are typed with. Here: every
 * operation's examples fit its own published schemas, the check refuses what does not fit, and a
 * scenario reaching every documented GET (now and in the past), commands and errors is answered as
 * the document says — the test client checks every answer of every e2e test that way (test-server.ts).
 */
describe('the OpenAPI document as the contract of every answer', () => {
  let server: TestServer;
  let published: { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    server = await startTestServer();
    published = (await server.call('GET', '/api/docs/openapi.json', { as: null })).body;
  });
  afterAll(() => server.close());

  it('publishes the document the contract checks', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(apiContract().document)));
  });

  it('gives every command an example body, every answer a schema and an example, and each example fits its schema', () => {
    const operations = Object.entries(published.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, method, op })));
    expect(operations.length).toBeGreaterThanOrEqual(70);
    const problems: string[] = [];
    // Only a revocation by its path alone, the auditors' seal and verification (acts on the whole record), and the session's refresh and sign-outs (the cookie says whose) take no body.
    const noBody = /\/revocation$|\/audit\/(seals|verification)$|\/api\/auth\/(refresh|sign-out|sign-out-everywhere)$/;
    // Sealing answers 201 with a new seal, or 200 when the latest seal already covers every act.
    const twoSuccesses = new Set(['POST /api/clusters/{clusterId}/audit/seals']);
    for (const { where, method, op } of operations) {
      // A JSON body; the import's file is JSON Lines.
      const request = op.requestBody?.content['application/json'] ?? op.requestBody?.content['application/x-ndjson'];
      if (method === 'post' || method === 'put') {
        if (!request) {
          if (!noBody.test(where)) problems.push(`${where}: no body`);
        } else if (request.example === undefined) problems.push(`${where}: no example body`);
        else {
          const validate = apiContract().validator(request.schema);
          if (!validate(request.example)) problems.push(`${where} example body: ${apiContract().errorsText(validate)}`);
        }
      }
      const statuses = Object.keys(op.responses ?? {});
      // A success, or the redirect a browser follows (the OIDC callback).
      const success = statuses.filter((s) => s.startsWith('2') || s.startsWith('3'));
      if (success.length !== (twoSuccesses.has(where) ? 2 : 1)) problems.push(`${where}: ${success.length} success answers`);
      const open = Array.isArray(op.security) && op.security.length === 0; // public: no token to refuse
      for (const errorStatus of ['400', ...(open ? [] : ['401']), ...(where.includes('{') ? ['404'] : [])]) if (!statuses.includes(errorStatus)) problems.push(`${where}: no ${errorStatus}`);
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        // JSON, or a file the route sends (JSON Lines, CSV, PDF, PEM): each described with an example.
        const media = response.content?.['application/json'] ?? Object.values(response.content ?? {})[0];
        if (status === '204' || status.startsWith('3')) continue;
        if (!media?.schema || media.example === undefined) {
          problems.push(`${where} → ${status}: no schema or no example`);
          continue;
        }
        const validate = apiContract().validator(media.schema);
        if (!validate(media.example)) problems.push(`${where} → ${status} example: ${apiContract().errorsText(validate)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses an answer that does not fit: a wrong value, a missing field, an unnamed status', async () => {
    await foundSmallCluster(server, 'kt');
    const real = (await server.call('GET', '/api/clusters/kt', { as: 'p1' })).body;
    expect(apiContract().violation('GET', '/api/clusters/kt', 200, real)).toBeUndefined();
    const wrongStatus = { ...real, members: real.members.map((m: object) => ({ ...m, status: 'gone' })) };
    expect(apiContract().violation('GET', '/api/clusters/kt', 200, wrongStatus)).toMatch(/status/);
    const { coordinator: _dropped, ...noCoordinator } = real;
    expect(apiContract().violation('GET', '/api/clusters/kt', 200, noCoordinator)).toMatch(/coordinator/);
    expect(apiContract().violation('GET', '/api/clusters/kt', 200, { ...real, secret: 'a field the document does not name' })).toMatch(/additional properties/);
    expect(apiContract().violation('GET', '/api/clusters/kt', 418, real)).toMatch(/names no such answer/);
    // A file must come in a media type the document names for that answer.
    expect(apiContract().violation('GET', '/api/clusters/kt/audit/export.csv', 200, 'a,b', 'text/csv; charset=utf-8')).toBeUndefined();
    expect(apiContract().violation('GET', '/api/clusters/kt/audit/export.csv', 200, '<html>', 'text/html')).toMatch(/sent text\/html/);
    expect(apiContract().violation('GET', '/api/clusters/kt/documents/agreement/1', 404, '%PDF', 'application/pdf')).toMatch(/sent application\/pdf/);
    expect(apiContract().violation('POST', '/api/clusters/kt/members', 201, { streamId: 'cluster-kt' })).toMatch(/revision|position|id/);
  });

  it('answers a whole scenario — every GET now and in the past, commands and their errors — as the document says', async () => {
    // Every call below goes through the checked client: a misfit answer throws.
    const post = (path: string, as: string, body: object = {}, headers?: Record<string, string>) => server.call('POST', path, { as, body, headers });
    const get = (path: string, as = 'p1') => server.call('GET', path, { as });
    await foundOtherCluster(server);
    await server.call('PUT', '/api/people/me', { as: 'p2', body: { displayName: 'Druga Osoba', email: 'p2@example.org' } });
    const meetingId = await openMeeting(server, 'kt', 'ozc', 'general', ['m1', 'm2', 'm3', 'm4', 'm5', 'h1']);
    expect((await post(`/api/meetings/${meetingId}/votes`, 'p1', { voteId: 'v1', agendaItemId: 'a1', motion: 'Przyjmuje się porządek obrad' })).status).toBe(201);
    for (const m of ['m1', 'm2', 'm3']) expect((await post(`/api/meetings/${meetingId}/votes/v1/ballots`, personOf(m), { memberId: m, choice: 'yes' })).status).toBe(201);
    const closed = await post(`/api/meetings/${meetingId}/votes/v1/closing`, 'p1');
    expect(closed.body.consequences.length).toBeGreaterThan(0);
    // An election that elects, so its resolution is in the register.
    expect((await post('/api/clusters/kt/elections', 'p1', { electionId: 'wybory', meetingId: 'ozc', reason: 'Kadencja' })).status).toBe(201);
    await post('/api/elections/kt.wybory/candidates', 'p1', { memberId: 'm2' });
    await post('/api/elections/kt.wybory/candidates/m2/acceptance', 'p2');
    await post('/api/elections/kt.wybory/rounds', 'p1');
    for (const m of ['m1', 'm2', 'm3']) await post('/api/elections/kt.wybory/ballots', personOf(m), { memberId: m, candidateMemberId: 'm2' });
    await post('/api/elections/kt.wybory/ballots', 'p4', { memberId: 'm4', candidateMemberId: null });
    expect((await post('/api/elections/kt.wybory/rounds/current/closing', 'p1')).body.events).toContain('LeaderElected');
    // m2 leads now.
    expect((await post('/api/clusters/kt/groups', 'p2', { groupId: 'g', name: 'Grupa', purpose: 'Cel', deadline: '2030-12-31', requestedBy: { kind: 'members', memberIds: ['m2', 'm3', 'm4'] }, initialMemberIds: ['m2', 'm3', 'm4'] })).status).toBe(201);
    expect((await post('/api/groups/kt.g/tasks', 'p2', { taskId: 't1', title: 'Zadanie', responsibleMemberId: 'm3', deadline: '2024-01-31' })).status).toBe(201);
    expect((await post('/api/clusters/kt/amendments', 'p3', { amendmentId: 'z1', memberId: 'm3', change: { kind: 'replace', section: '§ 2', text: 'Zmiany w formie pisemnej lub elektronicznej.' }, rationale: 'E-mail' })).status).toBe(201);
    expect((await post('/api/clusters/kt/annual-reports', 'p2', { year: 2024, documentHash: 'b'.repeat(64), title: 'Sprawozdanie 2024' })).status).toBe(201);
    // m2's p2 coordinates now: an invitation, its preview, the open ones, a revocation.
    const issued = await post('/api/clusters/kt/invitations', 'p2', { role: 'auditor' });
    expect(issued.status).toBe(201);
    expect((await server.call('POST', '/api/invitations/preview', { as: null, body: { token: issued.body.invitation.token } })).status).toBe(200);
    expect((await get('/api/clusters/kt/invitations', 'p2')).body).toHaveLength(1);
    expect((await get('/api/clusters/kt/invitations', 'p3')).status).toBe(403);
    const second = await post('/api/clusters/kt/invitations', 'p2', { role: 'registrar' });
    expect((await server.call('POST', `/api/clusters/kt/invitations/${second.body.invitation.invitationId}/revocation`, { as: 'p2' })).status).toBe(201);
    expect((await post('/api/invitations/acceptance', 'p9', { token: issued.body.invitation.token })).status).toBe(201);
    expect((await post('/api/invitations/acceptance', 'p8', { token: issued.body.invitation.token })).status).toBe(409);
    const register = (await get('/api/clusters/kt/resolutions')).body as { body: string; number: string }[];
    expect(register.length).toBe(2);

    const reads = [
      '/api/clusters',
      '/api/clusters/kt',
      '/api/clusters/kt?asOf=2023-01-20',
      '/api/clusters/kt/bodies',
      '/api/clusters/kt/members/m2/representatives?limit=1',
      '/api/clusters/kt/bodies?asOf=2023-01-20',
      '/api/clusters/kt/agreement',
      '/api/clusters/kt/agreement/versions',
      '/api/clusters/kt/amendments',
      '/api/clusters/kt/annual-cycles',
      '/api/clusters/kt/compliance?year=2024',
      '/api/clusters/kt/meetings',
      '/api/clusters/kt/resolutions',
      ...register.map((r) => `/api/clusters/kt/resolutions/${r.body}/${r.number.replace('/', '-')}`),
      `/api/meetings/${meetingId}`,
      `/api/meetings/${meetingId}?atPosition=${closed.body.position}`,
      '/api/clusters/kt/groups',
      '/api/groups/kt.g',
      '/api/clusters/kt/elections',
      '/api/elections/kt.wybory',
      '/api/me/inbox',
      '/api/people/p2',
      '/api/clusters/kt/recorded-acts',
      `/api/meetings/${meetingId}/recorded-acts`,
    ];
    for (const path of reads) expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
    // The auditors' tools, as p9 (the auditor the invitation made): JSON answers and files (JSON Lines, CSV, PDF, PEM) alike.
    expect((await server.call('POST', '/api/clusters/kt/audit/seals', { as: 'p9' })).status).toBe(201);
    expect((await server.call('POST', '/api/clusters/kt/audit/seals', { as: 'p9' })).status).toBe(200);
    expect((await server.call('POST', '/api/clusters/kt/audit/verification', { as: 'p9' })).status).toBe(202);
    // Its progress until it is done (and the server holds no job running when it closes).
    let job = (await get('/api/clusters/kt/audit/verification', 'p9')).body;
    while (job.state === 'running') job = (await get('/api/clusters/kt/audit/verification', 'p9')).body;
    expect(job.result).toMatchObject({ ok: true, problems: [] });
    const [first] = register;
    const auditReads = [
      '/api/clusters/kt/audit/trail?limit=5',
      '/api/clusters/kt/audit/seals/latest',
      '/api/clusters/kt/audit/proof?stream=resolutions-kt&revision=0',
      '/api/clusters/kt/audit/verification',
      '/api/clusters/kt/audit/export.jsonl',
      '/api/clusters/kt/audit/export.csv?type=VoteClosed',
      '/api/clusters/kt/documents/meetings/ozc/minutes?lang=en',
      `/api/clusters/kt/documents/resolutions/${first.body}/${first.number.split('/')[1]}`,
      '/api/clusters/kt/documents/agreement/1',
      '/.well-known/klaster-seal-key',
    ];
    for (const path of auditReads) expect({ path, status: (await get(path, 'p9')).status }).toEqual({ path, status: 200 });
    expect((await get('/api/clusters/kt/audit/proof?stream=seals-kt&revision=0', 'p9')).status).toBe(422);
    expect((await get('/api/clusters/kt/audit/trail', 'p3')).status).toBe(403);
    // Signing in: the methods (no token) and your devices.
    expect((await server.call('GET', '/api/auth/methods', { as: null })).body).toMatchObject({ passkeys: true });
    expect((await get('/api/auth/devices', 'p1')).status).toBe(200);
    // The OIDC callback is a browser's redirect, not a client's read: test/web/oidc.e2e-spec.ts follows it.
    const readTemplates = new Set([...reads, ...auditReads, '/api/clusters/kt/invitations', '/api/auth/methods', '/api/auth/devices', '/api/auth/oidc/callback'].map((p) => apiContract().operation('GET', p)?.template));
    const documentedReads = Object.entries(published.paths).filter(([, ops]) => ops.get).map(([path]) => path);
    expect(documentedReads.filter((t) => !readTemplates.has(t))).toEqual([]);

    // The errors, each as the document describes it.
    expect((await post('/api/clusters/kt/members', 'p2', { memberId: 'x' })).status).toBe(400);
    expect((await server.call('GET', '/api/clusters/kt', { as: null })).status).toBe(401);
    expect((await post(`/api/meetings/${meetingId}/agenda`, 'p3', { itemId: 'a9', title: 'Inne' })).status).toBe(403);
    expect((await get('/api/clusters/inny')).status).toBe(404);
    expect((await post('/api/clusters/kt/time-zone', 'p2', { timeZone: 'Europe/Warsaw' }, { 'if-match': 'W/"1"' })).status).toBe(412);
    expect((await post(`/api/meetings/${meetingId}/votes/v1/ballots`, 'p4', { memberId: 'm4', choice: 'no' })).status).toBe(422);
    const form = await fetch(`${server.url}/api/clusters/kt/time-zone`, { method: 'POST', headers: { authorization: `Bearer ${await mintToken(TEST_SECRET, 'p2')}`, 'content-type': 'text/plain' }, body: 'timeZone=x' });
    expect(form.status).toBe(415);
    expect(apiContract().violation('POST', '/api/clusters/kt/time-zone', 415, await form.json())).toBeUndefined();
    expect((await get('/api/clusters/kt?position=999999999')).status).toBe(503);
  }, 120_000);
});
