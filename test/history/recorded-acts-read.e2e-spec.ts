import { startTestServer, type TestServer } from '../support/test-server';

/**
 * What a reader sees of acts recorded after the fact: both times, who recorded each, the document —
 * and only for those acts; an act done now is not one. Readers only: anyone else gets 404.
 */
describe('GET …/recorded-acts', () => {
  let server: TestServer;
  const member = (m: string) => ({ memberId: m, organisation: { name: `Organizacja ${m}`, sector: 'business' }, representative: { personId: m.replace('m', 'p'), role: 'Prezes' } });
  const record = (path: string, body: object, as = 'sekretarz') => server.call('POST', path, { as, body });

  beforeAll(async () => {
    server = await startTestServer();
    const founded = await server.call('POST', '/api/clusters', {
      as: 'p1',
      body: {
        clusterId: 'acts',
        name: 'Klaster aktów',
        foundedOn: '2013-05-10',
        coordinatorMemberId: 'm1',
        foundingMembers: ['m1', 'm2', 'm3'].map(member),
        agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
      },
    });
    expect(founded.status).toBe(201);
    expect((await server.call('POST', '/api/clusters', { as: 'q1', body: { clusterId: 'other', name: 'Inny', foundedOn: '2020-01-01', coordinatorMemberId: 'n1', foundingMembers: [{ ...member('n1'), representative: { personId: 'q1', role: 'Prezes' } }], agreement: { title: 'P', sections: [{ number: '§ 1', title: 'Cel', text: 'X.' }] } } })).status).toBe(201);
    expect((await server.call('POST', '/api/clusters/acts/registrars', { as: 'p1', body: { personId: 'sekretarz' } })).status).toBe(201);
  });
  afterAll(() => server.close());

  it('lists each act recorded after the fact with when it occurred, when and by whom it was recorded, and its document; not the acts done now', async () => {
    expect((await record('/api/clusters/acts/members', { ...member('m4'), admittedOn: '2015-04-20', occurredAt: '2015-04-20', reference: 'Uchwała Rady nr 2/2015' })).status).toBe(201);
    // Done now, by the coordinator: not an act of the past.
    expect((await server.call('POST', '/api/clusters/acts/auditors', { as: 'p1', body: { personId: 'audytor' } })).status).toBe(201);
    const mt = '/api/meetings/acts.rada-2016';
    expect((await record('/api/clusters/acts/meetings', { meetingId: 'rada-2016', kind: 'council', title: 'Rada 2016', scheduledFor: '2016-03-15T10:00:00+01:00', venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }], occurredAt: '2016-03-01', reference: 'Zawiadomienie' })).status).toBe(201);
    expect((await record(`${mt}/opening`, { occurredAt: '2016-03-15T10:00:00+01:00', reference: 'Protokół nr 1/2016' })).status).toBe(201);

    const acts = await server.call('GET', '/api/clusters/acts/recorded-acts', { as: 'p2' });
    expect(acts.status).toBe(200);
    const types = acts.body.map((a: { type: string }) => a.type);
    expect(types).not.toContain('AuditorAppointed');
    expect(types).not.toContain('RegistrarAppointed');
    // The founding of 2013, entered now, is one of them (with its founding members' admissions).
    expect(acts.body.find((a: { type: string }) => a.type === 'ClusterFounded')).toMatchObject({ occurredAt: '2013-05-10T10:00:00.000Z', recordedBy: 'p1', reference: null });
    const admission = acts.body.find((a: { type: string; memberId: string }) => a.type === 'MemberAdmitted' && a.memberId === 'm4');
    expect(admission).toMatchObject({ streamId: 'cluster-acts', memberId: 'm4', occurredAt: '2015-04-20T10:00:00.000Z', recordedBy: 'sekretarz', reference: 'Uchwała Rady nr 2/2015', meetingId: null });
    expect(Date.parse(admission.recordedAt)).toBeGreaterThan(Date.parse(admission.occurredAt) + 365 * 24 * 3600_000);
    // The meeting's acts are the cluster's too, named by their meeting; in the order they were recorded.
    expect(acts.body.filter((a: { meetingId: string | null }) => a.meetingId === 'acts.rada-2016').map((a: { type: string }) => a.type)).toEqual(['MeetingConvened', 'MeetingOpened']);
    const positions = acts.body.map((a: { position: string }) => BigInt(a.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

    const meeting = await server.call('GET', `${mt}/recorded-acts`, { as: 'sekretarz' });
    expect(meeting.body).toEqual([
      expect.objectContaining({ type: 'MeetingConvened', occurredAt: '2016-03-01T11:00:00.000Z', reference: 'Zawiadomienie' }),
      expect.objectContaining({ type: 'MeetingOpened', occurredAt: '2016-03-15T09:00:00.000Z', reference: 'Protokół nr 1/2016', recordedBy: 'sekretarz' }),
    ]);
  });

  it('anyone who may not read the cluster gets 404, as for one that does not exist', async () => {
    expect((await server.call('GET', '/api/clusters/acts/recorded-acts', { as: 'q1' })).status).toBe(404);
    expect((await server.call('GET', '/api/meetings/acts.rada-2016/recorded-acts', { as: 'q1' })).status).toBe(404);
    expect((await server.call('GET', '/api/meetings/acts.nie-ma/recorded-acts', { as: 'p1' })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters/nie-ma/recorded-acts', { as: 'p1' })).status).toBe(404);
  });
});
