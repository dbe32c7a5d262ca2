import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Old minutes give a vote's counts, not names (a secret vote never has names): such a vote is recorded
 * from its minutes as counts only, judged under its rule on the members of that day, and numbered.
 */
describe('votes recorded from their minutes by their counts', () => {
  let server: TestServer;
  const mt = '/api/meetings/liczby.ozc-2016';
  const member = (m: string) => ({ memberId: m, organisation: { name: `Organizacja ${m}`, sector: 'social_economy' }, representative: { personId: m.replace('m', 'p'), role: 'Prezes' } });
  const record = (path: string, body: object, as = 'sekretarz') => server.call('POST', path, { as, body });
  // The meeting's acts are entered in the order they happened: each a minute after the one before.
  let minute = 0;
  const next = () => new Date(Date.parse('2016-03-15T10:00:00+01:00') + ++minute * 60_000).toISOString();
  const openVote = async (voteId: string, extra: object = {}) =>
    expect((await record(`${mt}/votes`, { voteId, agendaItemId: 'a1', motion: `Uchwała ${voteId}`, occurredAt: next(), ...extra })).status).toBe(201);
  const counts = (voteId: string, c: object, extra: object = {}) =>
    record(`${mt}/votes/${voteId}/counts`, { counts: c, minutes: 'Protokół nr 1/2016', occurredAt: next(), reference: 'Protokół nr 1/2016', ...extra });
  const vote = async (voteId: string) => (await server.call('GET', mt, { as: 'p1' })).body.votes.find((v: { voteId: string }) => v.voteId === voteId);

  beforeAll(async () => {
    server = await startTestServer();
    const founded = await server.call('POST', '/api/clusters', {
      as: 'p1',
      body: {
        clusterId: 'liczby',
        name: 'Klaster z protokołami',
        foundedOn: '2014-05-10',
        coordinatorMemberId: 'm1',
        foundingMembers: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map(member),
        agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
      },
    });
    expect(founded.status).toBe(201);
    expect((await server.call('POST', '/api/clusters/liczby/registrars', { as: 'p1', body: { personId: 'sekretarz' } })).status).toBe(201);
    expect(
      (await record('/api/clusters/liczby/meetings', { meetingId: 'ozc-2016', kind: 'general', title: 'OZC 2016', scheduledFor: '2016-03-15T10:00:00+01:00', venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }], occurredAt: '2016-02-20' }))
        .status,
    ).toBe(201);
    expect((await record(`${mt}/opening`, { occurredAt: '2016-03-15T10:00:00+01:00' })).status).toBe(201);
    // m6 withdrew in 2015: on the day of the meeting five members were entitled to vote.
    expect((await record('/api/clusters/liczby/members/m6/withdrawal', { withdrawnOn: '2015-06-30', writtenNoticeRef: 'Pismo z 30.06.2015', occurredAt: '2015-06-30' })).status).toBe(201);
  });
  afterAll(() => server.close());

  it('a vote of 2016 is recorded from its minutes: judged on that day’s entitled voters, numbered 1/2016, shown as counts only', async () => {
    await openVote('plan');
    const recorded = await counts('plan', { yes: 3, no: 1, abstain: 0, present: 4 });
    expect(recorded.status).toBe(201);
    expect(recorded.body.events).toEqual(['VoteCountsRecorded']);
    expect(recorded.body.consequences.map((c: { events: string[] }) => c.events[0])).toEqual(['ResolutionNumberAssigned', 'ResolutionNumbered']);
    const v = await vote('plan');
    expect(v).toMatchObject({ status: 'closed', ballotsCast: 0, ballots: [], result: { outcome: 'adopted', fromMinutes: 'Protokół nr 1/2016', tally: { yes: 3, no: 1, abstain: 0 } } });
    // Five entitled that day (m6 had withdrawn), four present.
    expect(v.result.quorum).toEqual({ entitled: 5, present: 4, reached: true });
    expect(v.result.resolution).toMatchObject({ number: '1/2016', body: 'general_meeting' });
    const register = (await server.call('GET', '/api/clusters/liczby/resolutions', { as: 'p1' })).body;
    expect(register).toContainEqual(expect.objectContaining({ number: '1/2016', voteId: 'plan' }));
  });

  it('a secret vote is recorded by its counts; a quorum not reached and a rule not met reject the motion, and still take their number', async () => {
    await openVote('tajne', { secrecy: 'secret' });
    expect((await counts('tajne', { yes: 2, no: 1, abstain: 0, present: 3 })).status).toBe(201);
    expect((await vote('tajne')).result).toMatchObject({ outcome: 'adopted', fromMinutes: 'Protokół nr 1/2016', resolution: { number: '2/2016' } });
    await openVote('bez-kworum');
    expect((await counts('bez-kworum', { yes: 2, no: 0, abstain: 0, present: 2 })).status).toBe(201);
    expect((await vote('bez-kworum')).result).toMatchObject({ outcome: 'rejected', quorum: { entitled: 5, present: 2, reached: false }, resolution: { number: '3/2016' } });
    await openVote('zmiana', { decisionKind: 'amendment' });
    // Two thirds of votes cast: 3 of 5 is not enough.
    expect((await counts('zmiana', { yes: 3, no: 2, abstain: 0, present: 5 })).status).toBe(201);
    expect((await vote('zmiana')).result).toMatchObject({ outcome: 'rejected', quorum: { reached: true }, resolution: { number: '4/2016' } });
  });

  it('refuses counts that do not add up and a vote with ballots already cast; writes nothing and takes no number', async () => {
    await openVote('zle');
    const tooMany = await counts('zle', { yes: 3, no: 2, abstain: 0, present: 4 });
    expect(tooMany).toMatchObject({ status: 422, body: { code: 'counts_do_not_add_up' } });
    expect(tooMany.body.message).toMatch(/Protokół nr 1\/2016 do not add up: 5 votes cast by 4 present/);
    // Six organisations signed, but one had withdrawn: six present is more than were entitled.
    expect(await counts('zle', { yes: 3, no: 2, abstain: 1, present: 6 })).toMatchObject({ status: 422, body: { code: 'counts_do_not_add_up' } });
    expect((await counts('zle', { yes: 1, no: 0, abstain: 0, present: 4, extra: 1 })).status).toBe(400);
    expect((await counts('zle', { yes: -1, no: 0, abstain: 0, present: 4 })).status).toBe(400);
    expect((await record(`${mt}/votes/zle/counts`, { counts: { yes: 1, no: 0, abstain: 0, present: 4 }, occurredAt: next() })).status).toBe(400);

    await openVote('z-kartami');
    expect((await record(`${mt}/attendance`, { memberId: 'm2', presence: 'in_person', occurredAt: next() })).status).toBe(201);
    expect((await record(`${mt}/votes/z-kartami/ballots`, { memberId: 'm2', choice: 'yes', occurredAt: next() })).status).toBe(201);
    expect(await counts('z-kartami', { yes: 1, no: 0, abstain: 0, present: 1 })).toMatchObject({ status: 422, body: { code: 'ballots_already_cast' } });
    expect((await vote('zle')).status).toBe('open');
    expect((await vote('z-kartami')).status).toBe('open');
    const numbers = (await server.call('GET', '/api/clusters/liczby/resolutions', { as: 'p1' })).body.map((r: { number: string }) => r.number);
    expect(numbers).toEqual(['1/2016', '2/2016', '3/2016', '4/2016']);
  });

  it('only the coordinator or a registrar records it; a member gets 403, an outsider 404', async () => {
    await openVote('kto-2');
    expect((await record(`${mt}/votes/kto-2/counts`, { counts: { yes: 3, no: 0, abstain: 0, present: 3 }, minutes: 'Protokół nr 1/2016' }, 'p2')).status).toBe(403);
    expect((await record(`${mt}/votes/kto-2/counts`, { counts: { yes: 3, no: 0, abstain: 0, present: 3 }, minutes: 'Protokół nr 1/2016', occurredAt: next() }, 'p2')).body.code).toBe('not_a_recorder');
    expect((await record(`${mt}/votes/kto-2/counts`, { counts: { yes: 3, no: 0, abstain: 0, present: 3 }, minutes: 'Protokół nr 1/2016' }, 'obcy')).status).toBe(404);
    expect((await vote('kto-2')).status).toBe('open');
  });

  it('two recorders entering the same vote at once: one records it, the other is told it is already closed; one number', async () => {
    await openVote('naraz');
    const both = await Promise.all([counts('naraz', { yes: 4, no: 0, abstain: 0, present: 4 }), counts('naraz', { yes: 4, no: 0, abstain: 0, present: 4 })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const register = (await server.call('GET', '/api/clusters/liczby/resolutions', { as: 'p1' })).body;
    expect(register.filter((r: { voteId: string }) => r.voteId === 'naraz')).toHaveLength(1);
  });
});
