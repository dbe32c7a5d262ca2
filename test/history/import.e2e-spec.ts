import { join } from 'node:path';
import { agreementTextHash, agreementTextSchema } from '@klaster/domain';
import { SqliteEventStore, type RecordedEvent } from '@klaster/event-store';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { bodyLimitBytes, importLimitBytes } from '../../apps/server/src/http/body-parsing';
import { startTestServer, type TestServer } from '../support/test-server';

const agreement = { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] };
const member = (m: string) => ({ memberId: m, organisation: { name: `Organizacja ${m}`, sector: 'social_economy' }, representative: { personId: m.replace('m', 'p'), role: 'Prezes' } });
const line = (type: string, params: object, body: object) => JSON.stringify({ type, params, body });
const mt = 'past.ozc-2016';

/** A cluster of 2013 and its general meeting of 2016, as a file of acts (one per line, in the order they occurred). */
function history(): string[] {
  const textHash = agreementTextHash(agreementTextSchema.parse(agreement));
  const at = (time: string) => `2016-03-15T${time}:00+01:00`;
  const minutes = 'Protokół nr 1/2016';
  return [
    line('FoundCluster', {}, { clusterId: 'past', name: 'Klaster z przeszłością', foundedOn: '2013-05-10', coordinatorMemberId: 'm1', foundingMembers: ['m1', 'm2', 'm3', 'm4'].map(member), agreement, occurredAt: '2013-05-10', reference: 'Porozumienie z 10.05.2013' }),
    ...['m1', 'm2', 'm3', 'm4'].map((m) => line('SignAgreement', { clusterId: 'past', memberId: m }, { textHash, occurredAt: '2013-05-10', reference: 'Porozumienie z 10.05.2013' })),
    line('AppointRegistrar', { clusterId: 'past' }, { personId: 'sekretarz', occurredAt: '2013-06-01', reference: 'Pismo Koordynatora z 1.06.2013' }),
    line('ConveneMeeting', { clusterId: 'past' }, { meetingId: 'ozc-2016', kind: 'general', title: 'Ogólne Zebranie Członków 2016', scheduledFor: at('10:00'), venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }], occurredAt: '2016-02-20', reference: 'Zawiadomienie z 20.02.2016' }),
    line('OpenMeeting', { meetingId: mt }, { occurredAt: at('10:00'), reference: minutes }),
    ...['m1', 'm2', 'm3'].map((m) => line('RecordAttendance', { meetingId: mt }, { memberId: m, presence: 'in_person', occurredAt: at('10:05'), reference: 'Lista obecności' })),
    line('OpenVote', { meetingId: mt }, { voteId: 'plan', agendaItemId: 'a1', motion: 'Plan działań na 2016 r.', occurredAt: at('10:30'), reference: minutes }),
    ...[['m1', 'yes'], ['m2', 'yes'], ['m3', 'no']].map(([m, choice]) => line('CastBallot', { meetingId: mt, voteId: 'plan' }, { memberId: m, choice, occurredAt: at('10:35'), reference: minutes })),
    line('CloseVote', { meetingId: mt, voteId: 'plan' }, { occurredAt: at('10:40'), reference: minutes }),
    line('OpenVote', { meetingId: mt }, { voteId: 'budzet', agendaItemId: 'a1', motion: 'Budżet promocji', secrecy: 'secret', occurredAt: at('10:45'), reference: minutes }),
    line('RecordVoteCounts', { meetingId: mt, voteId: 'budzet' }, { counts: { yes: 2, no: 0, abstain: 1, present: 3 }, minutes, occurredAt: at('10:50'), reference: minutes }),
    line('CloseMeeting', { meetingId: mt }, { occurredAt: at('11:00'), reference: minutes }),
    line('AdmitMember', { clusterId: 'past' }, { ...member('m5'), admittedOn: '2017-01-20', occurredAt: '2017-01-20', reference: 'Uchwała Rady nr 1/2017' }),
  ];
}

describe('importing a cluster’s past from a file of acts (POST /api/imports)', () => {
  let server: TestServer;
  const post = (lines: string[], as = 'p1', dryRun = false) =>
    fetch(`${server.url}/api/imports${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${tokens[as]}` }, body: lines.join('\n') + '\n' }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const tokens: Record<string, string> = {};
  const head = async () => {
    const store = SqliteEventStore.open({ path: join(server.dataDir, 'events.sqlite') });
    try {
      return await store.headPosition();
    } finally {
      await store.close();
    }
  };
  const events = async (streamId: string): Promise<RecordedEvent[]> => {
    const store = SqliteEventStore.open({ path: join(server.dataDir, 'events.sqlite') });
    const all: RecordedEvent[] = [];
    try {
      for await (const e of store.readStream(streamId)) all.push(e);
    } finally {
      await store.close();
    }
    return all;
  };

  beforeAll(async () => {
    server = await startTestServer();
    const { mintToken } = await import('@klaster/identity');
    const { TEST_SECRET } = await import('../support/test-server');
    for (const p of ['p1', 'p2', 'sekretarz', 'obcy']) tokens[p] = await mintToken(TEST_SECRET, p);
  });
  afterAll(() => server.close());

  it('publishes one line’s JSON Schema beside the OpenAPI document, made from the commands’ zod schemas', async () => {
    const res = await fetch(`${server.url}/api/docs/import.schema.json`);
    expect(res.status).toBe(200);
    const schema = (await res.json()) as any;
    const sign = schema.oneOf.find((s: { properties: { type: { const: string } } }) => s.properties.type.const === 'SignAgreement');
    expect(sign.properties.params.required).toEqual(['clusterId', 'memberId']);
    expect(sign.properties.body.required).toEqual(expect.arrayContaining(['textHash', 'occurredAt', 'reference']));
    expect(schema.oneOf.map((s: { properties: { type: { const: string } } }) => s.properties.type.const)).toEqual(expect.arrayContaining(['FoundCluster', 'RecordVoteCounts', 'CloseRound']));
    // A JSON Schema validator agrees with the server: every line of the history is valid, a line without its reference is not.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const valid = ajv.compile(schema);
    for (const l of history()) expect({ line: l, valid: valid(JSON.parse(l)), errors: valid.errors }).toMatchObject({ valid: true });
    const withoutReference = JSON.parse(history()[7]);
    delete withoutReference.body.reference;
    expect(valid(withoutReference)).toBe(false);
    expect(valid({ ...JSON.parse(history()[7]), type: 'NoSuchCommand' })).toBe(false);
  });

  it('a dry run stops at the first act the domain refuses — its line, status, code and message — and writes nothing', async () => {
    const lines = history();
    // Line 13: m4 was not recorded present, so it cannot vote.
    const bad = [...lines.slice(0, 12), line('CastBallot', { meetingId: mt, voteId: 'plan' }, { memberId: 'm4', choice: 'yes', occurredAt: '2016-03-15T10:35:00+01:00', reference: 'x' }), ...lines.slice(12)];
    const before = await head();
    const refused = await post(bad, 'p1', true);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ statusCode: 422, code: 'rule_broken', line: 13, type: 'CastBallot', message: 'm4 is not recorded as present and cannot vote' });
    expect(refused.body.report.recorded.map((a: { line: number }) => a.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // The real run checks the same way first: refused, nothing written.
    expect((await post(bad)).body).toMatchObject({ code: 'rule_broken', line: 13, report: { dryRun: false } });
    // A line that is not an act: 400 with the zod issues, before anything is decided.
    const unreadable = await post([lines[0], '{"type":"OpenMeeting","params":{"meetingId":"past.ozc-2016"},"body":{"occurredAt":"2016-03-15"}}']);
    expect(unreadable).toMatchObject({ status: 400, body: { code: 'invalid_request', line: 2 } });
    expect(unreadable.body.issues).toContainEqual(expect.objectContaining({ path: ['body', 'reference'] }));
    expect((await post(['{"type":'])).body).toMatchObject({ code: 'invalid_request', line: 1 });
    expect(await head()).toBe(before);
    expect((await server.call('GET', '/api/clusters/past', { as: 'p1' })).status).toBe(404);
  });

  it('the real run records exactly what the dry run listed; a second run writes nothing new', async () => {
    const dry = await post(history(), 'p1', true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, acts: 20, alreadyRecorded: 0 });
    expect((await server.call('GET', '/api/clusters/past', { as: 'p1' })).status).toBe(404);

    const real = await post(history());
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ dryRun: false, acts: 20, alreadyRecorded: 0 });
    const shape = (acts: { line: number; type: string; streamId: string; events: string[]; consequences: unknown[] }[]) => acts.map(({ line, type, streamId, events, consequences }) => ({ line, type, streamId, events, consequences }));
    expect(shape(real.body.recorded)).toEqual(shape(dry.body.recorded));
    expect(real.body.recorded.find((a: { type: string }) => a.type === 'CloseVote').consequences).toEqual([
      { streamId: 'resolutions-past', events: ['ResolutionNumberAssigned'] },
      { streamId: `meeting-${mt}`, events: ['ResolutionNumbered'] },
    ]);

    const meeting = (await server.call('GET', `/api/meetings/${mt}`, { as: 'p1' })).body;
    expect(meeting.votes.map((v: { voteId: string; result: { resolution: { number: string } } }) => [v.voteId, v.result.resolution.number])).toEqual([['plan', '1/2016'], ['budzet', '2/2016']]);
    expect(meeting.votes[1].result.fromMinutes).toBe('Protokół nr 1/2016');
    // Each act occurred when the file says and cites its document; it was done by the member's representative, and recorded by whoever ran the import.
    const ballot = (await events(`meeting-${mt}`)).find((e) => e.type === 'BallotCast' && (e.data as { memberId: string }).memberId === 'm2')!;
    expect(ballot.data).toMatchObject({ castBy: 'p2', choice: 'yes' });
    expect(ballot.metadata).toMatchObject({ actor: 'p1', occurredAt: '2016-03-15T09:35:00.000Z', reference: 'Protokół nr 1/2016' });
    expect((await server.call('GET', '/api/clusters/past?asOf=2016-12-31', { as: 'p1' })).body.members).toHaveLength(4);
    expect((await server.call('GET', '/api/clusters/past?asOf=2017-01-21', { as: 'p1' })).body.members).toHaveLength(5);

    const before = await head();
    const again = await post(history());
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ acts: 20, alreadyRecorded: 20, recorded: [] });
    expect(await head()).toBe(before);
  });

  it('a file extended with later acts records only the new ones; a member of the cluster gets 403, an outsider 404, the registrar records it', async () => {
    const later = [
      ...history(),
      line('ConveneMeeting', { clusterId: 'past' }, { meetingId: 'rada-2017', kind: 'council', title: 'Rada 2017', scheduledFor: '2017-02-10T10:00:00+01:00', venue: { mode: 'online', url: 'https://meet.example/r' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }], occurredAt: '2017-02-01', reference: 'Zawiadomienie' }),
    ];
    const byMember = await post(later, 'p2', true);
    expect(byMember).toMatchObject({ status: 403, body: { code: 'not_a_recorder', line: 21 } });
    const byOutsider = await post(later, 'obcy');
    expect(byOutsider).toMatchObject({ status: 404, body: { code: 'not_found', line: 21 } });
    const byRegistrar = await post(later, 'sekretarz');
    expect(byRegistrar).toMatchObject({ status: 200, body: { alreadyRecorded: 20, recorded: [expect.objectContaining({ line: 21, type: 'ConveneMeeting', streamId: 'meeting-past.rada-2017' })] } });
    const convened = (await events('meeting-past.rada-2017'))[0];
    expect(convened.data).toMatchObject({ convenedBy: 'p1' });
    expect(convened.metadata).toMatchObject({ actor: 'sekretarz', reference: 'Zawiadomienie' });
  });

  it('two imports of one file at once: the second waits its turn or is told one is running; each act is in the log once', async () => {
    const file = [
      line('ConveneMeeting', { clusterId: 'past' }, { meetingId: 'rada-2017-q2', kind: 'council', title: 'Rada', scheduledFor: '2017-05-10T10:00:00+02:00', venue: { mode: 'online', url: 'https://meet.example/r' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }], occurredAt: '2017-05-01', reference: 'Zawiadomienie' }),
      line('OpenMeeting', { meetingId: 'past.rada-2017-q2' }, { occurredAt: '2017-05-10', reference: 'Protokół nr 2/2017' }),
    ];
    const both = await Promise.all([post(file, 'sekretarz'), post(file, 'p1')]);
    const statuses = both.map((r) => r.status).sort();
    expect([[200, 409], [200, 200]]).toContainEqual(statuses);
    // One wrote both acts; the other was told an import is running, or found them recorded and wrote nothing.
    const written = both.filter((r) => r.status === 200).map((r) => r.body.recorded.length).sort();
    expect(statuses[1] === 409 ? [[2]] : [[0, 2]]).toContainEqual(written);
    const conflict = both.find((r) => r.status === 409);
    if (conflict) expect(conflict.body.code).toBe('import_in_progress');
    expect((await events('meeting-past.rada-2017-q2')).map((e) => e.type)).toEqual(['MeetingConvened', 'MeetingOpened']);
  });

  it('a file larger than the import limit is refused whole with 413, before any line is read', async () => {
    const limit = importLimitBytes(bodyLimitBytes(1_000_000));
    const one = history().join('\n') + '\n';
    const file = one.repeat(Math.ceil((limit + 1) / Buffer.byteLength(one)));
    expect(Buffer.byteLength(file)).toBeGreaterThan(limit);
    const before = await head();
    const res = await fetch(`${server.url}/api/imports?dryRun=true`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${tokens.p1}` }, body: file });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    expect(await head()).toBe(before);
    // The same acts in a file of ordinary size are read and judged (all recorded above).
    const under = await post(history());
    expect(under).toMatchObject({ status: 200, body: { alreadyRecorded: 20 } });
  });
});
