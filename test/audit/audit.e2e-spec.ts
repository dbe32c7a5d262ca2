import { createPublicKey } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { mintToken } from '@klaster/identity';
import { checkInclusionProof, verifyExport } from '@klaster/audit';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { foundOtherCluster } from '../support/small-cluster';
import { auditedCluster, download, pdfText } from './audit-fixture';

const token = (p: string) => mintToken(TEST_SECRET, p);

describe('the auditors’ tools over HTTP', () => {
  let server: TestServer;
  let meetingId: string;
  let year: number;
  beforeAll(async () => {
    server = await startTestServer({ SEAL_INTERVAL: '0' });
    ({ meetingId, year } = await auditedCluster(server));
    await foundOtherCluster(server);
  });
  afterAll(() => server.close());

  it('keeps the seal key readable by the server only and publishes its public half', async () => {
    expect(statSync(join(server.dataDir, 'seal-key.pem')).mode & 0o777).toBe(0o600);
    const res = await download(server, '/.well-known/klaster-seal-key', null, token);
    expect(res.status).toBe(200);
    expect(res.bytes.toString()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(createPublicKey(res.bytes.toString()).asymmetricKeyType).toBe('ed25519');
  });

  it('shows the trail to the auditor, in words in Polish and English, with who, when and the charter version; pages by position', async () => {
    const page = await server.call('GET', '/api/clusters/kl/audit/trail?limit=5', { as: 'aud' });
    expect(page.status).toBe(200);
    expect(page.body.entries).toHaveLength(5);
    const founded = page.body.entries[0];
    expect(founded).toMatchObject({ type: 'ClusterFounded', streamId: 'cluster-kl', revision: '0', charterVersion: 1, aggregate: { kind: 'cluster' } });
    expect(founded.act.pl).toBe('Założono klaster „Klaster kl” (dzień założenia 2023-01-10); koordynator: Organizacja 1');
    expect(founded.act.en).toBe('Cluster “Klaster kl” founded (founding day 2023-01-10); coordinator: Organizacja 1');
    expect(founded.actor).toMatchObject({ personId: 'p1', name: 'Ewa Koordynatorka', erased: false });
    expect(founded.occurredAt).toEqual(expect.any(String));
    expect(founded.recordedAt).toEqual(expect.any(String));
    const next = await server.call('GET', `/api/clusters/kl/audit/trail?limit=500&after=${page.body.nextCursor}`, { as: 'aud' });
    expect(BigInt(next.body.entries[0].position)).toBeGreaterThan(BigInt(page.body.entries[4].position));
    const all = [...page.body.entries, ...next.body.entries];
    expect(all.every((e: { streamId: string }) => !e.streamId.includes('inny'))).toBe(true);
    const closed = all.find((e: { type: string }) => e.type === 'VoteClosed');
    expect(closed.act.pl).toBe('Zamknięto głosowanie: wniosek przyjęty (za 2, przeciw 1, wstrzymało się 0; kworum osiągnięte)');
    expect(closed.charterVersion).toBe(1);
    const numbered = all.find((e: { type: string }) => e.type === 'ResolutionNumberAssigned');
    expect(numbered.actor).toMatchObject({ personId: '$klaster', system: true, label: { pl: 'Klaster (system)' } });
  });

  it('filters the trail by aggregate, type, actor, dates and correlation id', async () => {
    const q = (query: string) => server.call('GET', `/api/clusters/kl/audit/trail?limit=500&${query}`, { as: 'aud' }).then((r) => r.body.entries as any[]);
    expect((await q('type=BallotCast')).map((e) => e.type)).toEqual(Array(9).fill('BallotCast'));
    expect(new Set((await q(`aggregate=meeting:${meetingId}`)).map((e) => e.streamId))).toEqual(new Set([`meeting-${meetingId}`]));
    expect((await q('aggregate=register')).every((e) => e.streamId === 'resolutions-kl')).toBe(true);
    expect((await q('actor=p2')).every((e) => e.actor.personId === 'p2')).toBe(true);
    expect(await q('recordedTo=2020-01-01')).toEqual([]);
    expect((await q(`recordedFrom=2020-01-01&type=MeetingOpened`)).length).toBe(1);
    const one = (await q('type=MeetingOpened'))[0];
    expect((await q(`correlationId=${encodeURIComponent(one.correlationId)}`)).map((e) => e.eventId)).toContain(one.eventId);
    const bad = await server.call('GET', '/api/clusters/kl/audit/trail?aggregate=bogus&limit=0', { as: 'aud' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
  });

  it('refuses a filter that could only select nothing by mistake: a type Klaster does not record, a range ending before it starts', async () => {
    const refused = async (path: string) => {
      const answer = await server.call('GET', path, { as: 'aud' });
      expect(answer).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
      return answer.body.issues as { path: string[]; message: string }[];
    };
    expect(await refused('/api/clusters/kl/audit/trail?type=BallotCast,VoteClose')).toEqual([expect.objectContaining({ path: ['type'], message: expect.stringContaining('VoteClose') })]);
    expect(await refused('/api/clusters/kl/audit/export.csv?type=Nope')).toEqual([expect.objectContaining({ path: ['type'] })]);
    expect(await refused('/api/clusters/kl/audit/trail?occurredFrom=2016-01-01&occurredTo=2015-12-31')).toEqual([expect.objectContaining({ path: ['occurredTo'] })]);
    expect(await refused('/api/clusters/kl/audit/export.jsonl?recordedFrom=2026-01-02T00:00:00Z&recordedTo=2026-01-01T23:59:59Z')).toEqual([expect.objectContaining({ path: ['recordedTo'] })]);
    // One day, or an instant against a day (read in the cluster's zone), is a range that may select.
    expect((await server.call('GET', '/api/clusters/kl/audit/trail?occurredFrom=2015-04-20&occurredTo=2015-04-20', { as: 'aud' })).status).toBe(200);
    expect((await server.call('GET', '/api/clusters/kl/audit/trail?occurredFrom=2015-04-20&occurredTo=2015-04-19T23:30:00Z', { as: 'aud' })).status).toBe(200);
  });

  it('shows a registrar the acts they entered after the fact: when each occurred and when it was recorded, days read in the cluster’s time zone', async () => {
    const member = (m: string) => ({ memberId: m, organisation: { name: `Organizacja ${m}`, sector: 'social_economy' }, representative: { personId: `${m}-rep`, role: 'Prezes' } });
    const founded = await server.call('POST', '/api/clusters', {
      as: 'nyc-1-rep',
      body: {
        clusterId: 'nyc',
        name: 'Klaster za oceanem',
        foundedOn: '2013-05-10',
        timeZone: 'America/New_York',
        coordinatorMemberId: 'nyc-1',
        foundingMembers: ['nyc-1', 'nyc-2', 'nyc-3'].map(member),
        agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
      },
    });
    expect(founded.status).toBe(201);
    expect((await server.call('POST', '/api/clusters/nyc/registrars', { as: 'nyc-1-rep', body: { personId: 'sekretarz' } })).status).toBe(201);
    // 23:30 on 20 April 2015 in New York is already 21 April in UTC.
    const admitted = await server.call('POST', '/api/clusters/nyc/members', {
      as: 'sekretarz',
      body: { ...member('nyc-4'), admittedOn: '2015-04-20', occurredAt: '2015-04-20T23:30:00-04:00', reference: 'Uchwała Rady nr 2/2015' },
    });
    expect(admitted.status).toBe(201);

    const q = (query: string) => server.call('GET', `/api/clusters/nyc/audit/trail?limit=500&${query}`, { as: 'sekretarz' });
    const that = await q('occurredFrom=2015-04-20&occurredTo=2015-04-20');
    expect(that.status).toBe(200);
    expect(that.body.entries).toHaveLength(1);
    const entry = that.body.entries[0];
    expect(entry).toMatchObject({ type: 'MemberAdmitted', occurredAt: '2015-04-21T03:30:00.000Z', reference: 'Uchwała Rady nr 2/2015', actor: { personId: 'sekretarz' } });
    expect(Date.parse(entry.recordedAt)).toBeGreaterThan(Date.parse(entry.occurredAt) + 365 * 86_400_000);
    expect(entry.act.pl).toContain('Organizacja nyc-4');
    // The same act is not on 21 April (a New York day), though it is in UTC; nor was it recorded in 2015.
    expect((await q('occurredFrom=2015-04-21&occurredTo=2015-04-21')).body.entries).toEqual([]);
    expect((await q('recordedFrom=2015-04-20&recordedTo=2015-04-20')).body.entries).toEqual([]);
    // The registrar is not one of kl's: kl's trail stays hidden from them.
    expect((await server.call('GET', '/api/clusters/kl/audit/trail', { as: 'sekretarz' })).status).toBe(404);
  });

  it('refuses the audit tools to an ordinary member (403) and hides them from an outsider (404)', async () => {
    expect((await server.call('GET', '/api/clusters/kl/audit/trail', { as: 'p3' })).body.code).toBe('not_an_auditor');
    expect((await server.call('GET', '/api/clusters/kl/audit/trail', { as: 'p3' })).status).toBe(403);
    expect((await server.call('GET', '/api/clusters/kl/audit/trail', { as: 'z1' })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters/kl/audit/export.jsonl', { as: 'z1' })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters/nope/audit/trail', { as: 'aud' })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters/kl/audit/trail', { as: null })).status).toBe(401);
  });

  it('exports JSON Lines and CSV ending with a seal that covers them, signed with the published key', async () => {
    const key = createPublicKey((await download(server, '/.well-known/klaster-seal-key', null, token)).bytes.toString());
    const jsonl = await download(server, '/api/clusters/kl/audit/export.jsonl', 'aud', token);
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = jsonl.bytes.toString().trimEnd().split('\n');
    expect(await verifyExport(lines, { publicKey: key })).toMatchObject({ ok: true, complete: true, signatureChecked: true });
    const csv = await download(server, '/api/clusters/kl/audit/export.csv', 'aud', token);
    const rows = csv.bytes.toString().trimEnd().split('\n');
    expect(rows[0]).toContain('position,recorded_at,occurred_at,stream_id');
    expect(rows[rows.length - 1]).toContain('SealRecorded');
    // Nothing new since: the same seal closes the next export.
    const again = await download(server, '/api/clusters/kl/audit/export.jsonl', 'aud', token);
    expect(again.headers.get('x-klaster-seal')).toBe(jsonl.headers.get('x-klaster-seal'));
  });

  it('gives an inclusion proof of a resolution that checks offline with the public key', async () => {
    const key = createPublicKey((await download(server, '/.well-known/klaster-seal-key', null, token)).bytes.toString());
    const proof = await server.call('GET', '/api/clusters/kl/audit/proof?stream=resolutions-kl&revision=0', { as: 'aud' });
    expect(proof.status).toBe(200);
    expect(checkInclusionProof(proof.body, { publicKey: key })).toMatchObject({ ok: true, event: { type: 'ResolutionNumberAssigned' } });
    expect((await server.call('GET', '/api/clusters/kl/audit/proof?stream=cluster-inny&revision=0', { as: 'aud' })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters/kl/audit/proof?stream=resolutions-kl&revision=99', { as: 'aud' })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters/kl/audit/proof?stream=resolutions-kl', { as: 'aud' })).status).toBe(400);
  });

  it('seals on demand once, however many ask at once', async () => {
    await server.call('POST', `/api/meetings/${meetingId}/closing`, { as: 'p1', body: {} });
    const answers = await Promise.all(['aud', 'p1', 'aud'].map((as) => server.call('POST', '/api/clusters/kl/audit/seals', { as, body: {} })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201].sort());
    expect(new Set(answers.map((a) => a.body.seal.eventId)).size).toBe(1);
    const latest = await server.call('GET', '/api/clusters/kl/audit/seals/latest', { as: 'aud' });
    expect(latest.body).toMatchObject({ eventId: answers[0].body.seal.eventId, signature: { algorithm: 'Ed25519' } });
  });

  it('verifies the cluster’s record over HTTP with progress', async () => {
    const started = await server.call('POST', '/api/clusters/kl/audit/verification', { as: 'aud', body: {} });
    expect(started.status).toBe(202);
    let job = started.body;
    while (job.state === 'running') job = (await server.call('GET', '/api/clusters/kl/audit/verification', { as: 'aud' })).body;
    expect(job).toMatchObject({ state: 'done', percent: 100, result: { ok: true, problems: [] } });
    expect(job.result.sealsChecked).toBeGreaterThan(0);
    expect(job.result.signaturesChecked).toBe(job.result.sealsChecked);
  });

  it('draws the minutes as a PDF in Polish, with each vote’s rule, quorum, result, the named ballots, the resolution, the approval and the seal', async () => {
    const pdf = await download(server, `/api/clusters/kl/documents/meetings/${meetingId}/minutes?lang=pl`, 'p3', token);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(pdf.bytes);
    expect(text).toContain('Protokół posiedzenia: Posiedzenie kl.rada-1');
    expect(text).toContain('Lista obecności');
    expect(text).toContain('Organizacja 2 — osobiście; reprezentował(a): Łucja Żółkiewska-Ślęzak');
    expect(text).toContain(`Uchwała nr 1/${year}`);
    expect(text).toContain('Wniosek: „Uchwała w sprawie źródeł finansowania v1”');
    expect(text).toMatch(/Zasada: zwykła większość; kworum: 50% członków uprawnionych; regulamin w wersji 1/);
    expect(text).toMatch(/Wynik: przyjęto; za 2, przeciw 1, wstrzymało się 0/);
    expect(text).toContain('Organizacja 3: przeciw');
    expect(text).toContain('Głosowanie tajne: oddano 3 głosów');
    expect(text).toContain('zażółć gęślą jaźń');
    expect(text).toMatch(/Protokół w wersji 1 zatwierdzono uchwałą nr 3\/\d{4}; protokół zamknięty/);
    expect(text).toMatch(/Sporządzono z zapisu do pozycji \d+; pieczęć nr \d+ z .*, korzeń Merkle [0-9a-f]{64}, podpisana kluczem [0-9a-f]{16}/);
    for (const letter of 'ąćęłńóśźżŁŻŚ') expect(text).toContain(letter);
    const english = await pdfText((await download(server, `/api/clusters/kl/documents/meetings/${meetingId}/minutes?lang=en`, 'p3', token)).bytes);
    expect(english).toContain('Minutes of the meeting: Posiedzenie kl.rada-1');
    expect((await download(server, `/api/clusters/kl/documents/meetings/nope/minutes`, 'p3', token)).status).toBe(404);
    expect((await download(server, `/api/clusters/kl/documents/meetings/${meetingId}/minutes`, 'z1', token)).status).toBe(404);
  });

  it('draws a year’s register of the council’s resolutions and the agreement with its signature register', async () => {
    const register = await pdfText((await download(server, `/api/clusters/kl/documents/resolutions/council/${year}`, 'aud', token)).bytes);
    expect(register).toContain(`Rejestr uchwał: rada, ${year} r.`);
    expect(register).toMatch(new RegExp(`Uchwała nr 1/${year} — przyjęta .*: „Uchwała w sprawie źródeł finansowania v1”`));
    expect(register).toMatch(new RegExp(`Uchwała nr 3/${year}`));
    expect(await pdfText((await download(server, `/api/clusters/kl/documents/resolutions/council/1999`, 'aud', token)).bytes)).toContain('Brak uchwał w tym roku.');
    const agreement = await pdfText((await download(server, '/api/clusters/kl/documents/agreement/1', 'aud', token)).bytes);
    expect(agreement).toContain('Porozumienie — tekst jednolity, wersja 1');
    expect(agreement).toContain('Zmiany wymagają formy pisemnej.');
    expect(agreement).toContain('Rejestr podpisów');
    expect((await download(server, '/api/clusters/kl/documents/agreement/7', 'aud', token)).status).toBe(404);
  });
});
