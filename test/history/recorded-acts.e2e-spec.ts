import { join } from 'node:path';
import { SqliteEventStore } from '@klaster/event-store';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * A cluster that adopts Klaster in 2026 enters its paper past: each act with the date it occurred,
 * recorded by the coordinator or a registrar, judged under the rules of that day.
 */
describe('acts recorded after the fact', () => {
  let server: TestServer;
  const founders = ['m1', 'm2', 'm3', 'm4'];
  const member = (m: string) => ({ memberId: m, organisation: { name: `Organizacja ${m}`, sector: 'social_economy' }, representative: { personId: m.replace('m', 'p'), role: 'Prezes' } });

  beforeAll(async () => {
    server = await startTestServer();
    const founded = await server.call('POST', '/api/clusters', {
      as: 'p1',
      body: {
        clusterId: 'hist',
        name: 'Klaster z historią',
        foundedOn: '2013-05-10',
        coordinatorMemberId: 'm1',
        foundingMembers: founders.map(member),
        agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
      },
    });
    expect(founded.status).toBe(201);
    expect((await server.call('POST', '/api/clusters/hist/registrars', { as: 'p1', body: { personId: 'sekretarz' } })).status).toBe(201);
  });
  afterAll(() => server.close());

  const record = (path: string, body: object, as = 'sekretarz') => server.call('POST', path, { as, body });

  it('a cluster founded on a past day was founded then: time travel answers for the years before it was entered', async () => {
    const then = await server.call('GET', '/api/clusters/hist?asOf=2015-03-01', { as: 'p1' });
    expect(then.status).toBe(200);
    expect(then.body.members.map((m: { memberId: string }) => m.memberId).sort()).toEqual(founders);
    expect((await server.call('GET', '/api/clusters/hist?asOf=2013-05-09', { as: 'p1' })).body).toMatchObject({ code: 'not_founded_by_then' });
  });

  it('the registrar enters an admission of 2015 from its document; the log keeps when it occurred, when and by whom it was recorded', async () => {
    const admitted = await record('/api/clusters/hist/members', {
      ...member('m5'),
      admittedOn: '2015-04-20',
      occurredAt: '2015-04-20',
      reference: 'Uchwała Rady nr 2/2015',
    });
    expect(admitted.status).toBe(201);
    // As of March 2015 there were four members; as of May, five.
    expect((await server.call('GET', '/api/clusters/hist?asOf=2015-03-01', { as: 'p1' })).body.members).toHaveLength(4);
    expect((await server.call('GET', '/api/clusters/hist?asOf=2015-05-01', { as: 'p1' })).body.members).toHaveLength(5);
    const store = SqliteEventStore.open({ path: join(server.dataDir, 'events.sqlite') });
    try {
      const events = [];
      for await (const e of store.readStream('cluster-hist')) events.push(e);
      const admission = events.find((e) => e.type === 'MemberAdmitted' && (e.data as { memberId: string }).memberId === 'm5')!;
      expect(admission.metadata).toMatchObject({ actor: 'sekretarz', occurredAt: '2015-04-20T10:00:00.000Z', reference: 'Uchwała Rady nr 2/2015' });
      expect(Date.parse(admission.metadata.recordedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
    } finally {
      await store.close();
    }
  });

  it('only the coordinator or a registrar records the past; dates in the future, before the founding, or before the previous act are refused', async () => {
    const body = (occurredAt: string) => ({ personId: 'audytor-2014', occurredAt });
    const byMember = await record('/api/clusters/hist/auditors', body('2015-06-01'), 'p2');
    expect(byMember).toMatchObject({ status: 403, body: { code: 'not_a_recorder' } });
    expect(await record('/api/clusters/hist/auditors', body('2099-01-01'))).toMatchObject({ status: 422, body: { code: 'date_in_future' } });
    expect(await record('/api/clusters/hist/auditors', body('2012-01-01'))).toMatchObject({ status: 422, body: { code: 'date_before_founding' } });
    // The admission of 20 April 2015 is on the cluster's record: nothing on it can be dated before that.
    const early = await record('/api/clusters/hist/auditors', body('2014-01-01'));
    expect(early).toMatchObject({ status: 422, body: { code: 'dated_before_previous_act' } });
    expect(early.body.message).toMatch(/2014-01-01.*2015-04-20/);
    // Nothing of those refusals was written.
    expect((await server.call('GET', '/api/clusters/hist', { as: 'p1' })).body.auditors).toEqual([]);
  });

  it('a general meeting of 2016 entered today: its resolutions are numbered n/2016, and it is judged on the members of that day', async () => {
    const mt = '/api/meetings/hist.ozc-2016';
    const convened = await record('/api/clusters/hist/meetings', {
      meetingId: 'ozc-2016',
      kind: 'general',
      title: 'Ogólne Zebranie Członków 2016',
      scheduledFor: '2016-03-15T10:00:00+01:00',
      venue: { mode: 'in_person', place: 'Olsztyn' },
      agenda: [{ itemId: 'a1', title: 'Uchwały' }],
      occurredAt: '2016-02-20',
      reference: 'Zawiadomienie z 20.02.2016',
    });
    expect(convened.status).toBe(201);
    expect((await record(`${mt}/opening`, { occurredAt: '2016-03-15T10:00:00+01:00', reference: 'Protokół nr 1/2016' })).status).toBe(201);
    for (const m of ['m1', 'm2', 'm3', 'm5']) {
      expect((await record(`${mt}/attendance`, { memberId: m, presence: 'in_person', occurredAt: '2016-03-15T10:05:00+01:00', reference: 'Lista obecności' })).status).toBe(201);
    }
    expect((await record(`${mt}/votes`, { voteId: 'u1', agendaItemId: 'a1', motion: 'Plan działań na 2016 r.', occurredAt: '2016-03-15T10:30:00+01:00' })).status).toBe(201);
    // Each ballot is the member's, cast then by its representative of that day, entered by the registrar.
    for (const [m, choice] of [['m1', 'yes'], ['m2', 'yes'], ['m3', 'no'], ['m5', 'yes']]) {
      expect((await record(`${mt}/votes/u1/ballots`, { memberId: m, choice, occurredAt: '2016-03-15T10:35:00+01:00', reference: 'Protokół nr 1/2016' })).status).toBe(201);
    }
    // m4 withdraws in 2018 — entered now, after the 2016 meeting is on its own record, it does not touch it.
    expect((await record('/api/clusters/hist/members/m4/withdrawal', { withdrawnOn: '2018-01-31', writtenNoticeRef: 'Pismo z 31.01.2018', occurredAt: '2018-01-31' })).status).toBe(201);
    const closed = await record(`${mt}/votes/u1/closing`, { occurredAt: '2016-03-15T11:00:00+01:00', reference: 'Protokół nr 1/2016' });
    expect(closed.status).toBe(201);
    const meeting = await server.call('GET', mt, { as: 'p1' });
    const result = meeting.body.votes[0].result;
    expect(result.resolution).toMatchObject({ number: '1/2016', body: 'general_meeting' });
    // Judged on 15 March 2016: m4 was still a member, so five were entitled and four present.
    expect(result.quorum).toMatchObject({ entitled: 5, present: 4, reached: true });
    expect(result.tally).toEqual({ yes: 3, no: 1, abstain: 0 });
    const ballot = meeting.body.votes[0].ballots.find((b: { memberId: string }) => b.memberId === 'm2');
    expect(ballot.castBy).toBe('p2');
    // The meeting did not exist before it was convened, as of any day.
    expect((await server.call('GET', `${mt}?asOf=2016-02-19`, { as: 'p1' })).status).toBe(404);
    expect((await server.call('GET', `${mt}?asOf=2016-03-16`, { as: 'p1' })).body.votes[0].status).toBe('closed');
  });

  it("a vote closed at 00:30 on 1 January in the cluster's zone is numbered in the new year", async () => {
    const mt = '/api/meetings/hist.rada-sylwester';
    expect(
      (await record('/api/clusters/hist/meetings', { meetingId: 'rada-sylwester', kind: 'council', title: 'Rada', scheduledFor: '2016-12-31T22:00:00+01:00', venue: { mode: 'online', url: 'https://meet.example/r' }, agenda: [{ itemId: 'a1', title: 'Uchwała' }], occurredAt: '2016-12-20' })).status,
    ).toBe(201);
    expect((await record(`${mt}/opening`, { occurredAt: '2016-12-31T22:00:00+01:00' })).status).toBe(201);
    expect((await record(`${mt}/attendance`, { memberId: 'm1', presence: 'online', occurredAt: '2016-12-31T22:01:00+01:00' })).status).toBe(201);
    expect((await record(`${mt}/votes`, { voteId: 'u1', agendaItemId: 'a1', motion: 'Uchwała noworoczna', occurredAt: '2016-12-31T23:50:00+01:00' })).status).toBe(201);
    // 23:30 UTC on 31 December is 00:30 on 1 January in Warsaw.
    expect((await record(`${mt}/votes/u1/closing`, { occurredAt: '2016-12-31T23:30:00Z' })).status).toBe(201);
    const meeting = await server.call('GET', mt, { as: 'p1' });
    expect(meeting.body.votes[0].result.resolution).toMatchObject({ number: '1/2017', body: 'council', year: 2017 });
  });

  it('the coordinator changes the time zone; the registrar reads the cluster; an ordinary member cannot name someone who acted for another', async () => {
    const changed = await server.call('POST', '/api/clusters/hist/time-zone', { as: 'p1', body: { timeZone: 'Europe/Vilnius' } });
    expect(changed.status).toBe(200);
    expect((await server.call('GET', '/api/clusters/hist', { as: 'sekretarz' })).body).toMatchObject({ timeZone: 'Europe/Vilnius', registrars: [{ personId: 'sekretarz' }] });
    expect((await server.call('POST', '/api/clusters/hist/time-zone', { as: 'p1', body: { timeZone: 'Mars/Olympus' } })).status).toBe(400);
    expect((await server.call('POST', '/api/clusters/hist/time-zone', { as: 'p2', body: { timeZone: 'Europe/Warsaw' } })).status).toBe(403);
    // actedBy belongs to an act recorded after the fact.
    expect((await server.call('POST', '/api/clusters/hist/auditors', { as: 'p1', body: { personId: 'x', actedBy: 'p2' } })).status).toBe(400);
  });
});
