import { endOfDay, qualifiedId } from '@klaster/domain';
import { CommandBus } from '@nestjs/cqrs';
import { clusterCommandBodies, defaultCharter, type ClusterCommand } from '@klaster/domain';
import { ExecuteClusterCommand } from '../../apps/server/src/clusters/commands/execute-cluster-command';
import type { CommandOutcome } from '../../apps/server/src/command-handling/execute-on-stream';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';
import { serverDay, yearsBetween } from '../support/server-clock';
import { eventually } from '../support/eventually';

const ids = (members: { memberId: string }[]) => members.map((m) => m.memberId);

/** Time travel: the state as it was on a date (by the acts' recorded time) or after a global position. */
describe('time travel', () => {
  let server: TestServer;
  /** Records an act with its historical time, as an import of a paper record would. */
  const act = (command: ClusterCommand) =>
    server.app.get(CommandBus).execute<ExecuteClusterCommand, CommandOutcome>(new ExecuteClusterCommand(command, { actor: command.actor, correlationId: 'history' }));
  let admitted: CommandOutcome;
  let withdrawn: CommandOutcome;

  beforeAll(async () => {
    server = await startTestServer();
    const founding = clusterCommandBodies.FoundCluster.parse({
      clusterId: 'hist',
      name: 'Klaster z historią',
      foundedOn: '2018-05-10',
      coordinatorMemberId: 'm1',
      foundingMembers: [1, 2, 3].map((n) => ({ memberId: `m${n}`, organisation: { name: `Organizacja ${n}`, sector: 'business' }, representative: { personId: `p${n}`, role: 'Prezes' } })),
      agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
      charter: defaultCharter,
    });
    await act({ type: 'FoundCluster', ...founding, actor: 'p1', at: '2018-05-10T10:00:00.000Z' });
    admitted = await act({
      type: 'AdmitMember',
      clusterId: 'hist',
      memberId: 'm4',
      organisation: { name: 'Organizacja 4', sector: 'social_economy' },
      kind: 'ordinary',
      votingWeight: 1,
      representative: { personId: 'p4', role: 'Prezes' },
      admittedOn: '2019-06-01',
      actor: 'p1',
      at: '2019-06-01T10:00:00.000Z',
    } as ClusterCommand);
    withdrawn = await act({ type: 'WithdrawMember', clusterId: 'hist', memberId: 'm2', withdrawnOn: '2020-02-01', writtenNoticeRef: 'pismo 2/2020', actor: 'p2', at: '2020-02-01T09:00:00.000Z' });
  });
  afterAll(() => server.close());

  const get = (path: string, as = 'p1') => server.call('GET', `${path}${path.includes('?') ? '&' : '?'}position=${withdrawn.position}`, { as });

  it('answers the members on 1 March 2019, including one who has withdrawn since', async () => {
    const then = await get('/api/clusters/hist?asOf=2019-03-01');
    expect(then.status).toBe(200);
    expect(ids(then.body.members)).toEqual(['m1', 'm2', 'm3']);
    expect(then.body.members.find((m: { memberId: string }) => m.memberId === 'm2')).toMatchObject({ status: 'active', withdrawal: null });
    expect(then.body.pointInTime).toEqual({ asOf: '2019-03-01' });
    // No revision ETag: a past state is nothing to act on with If-Match.
    expect(then.headers.get('etag')).not.toMatch(/^W\/"\d+"$/);

    // asOf is the end of that day: the member admitted on 1 June 2019 is in on that date.
    expect(ids((await get('/api/clusters/hist?asOf=2019-06-01')).body.members)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(ids((await get('/api/clusters/hist?asOf=2019-05-31')).body.members)).toEqual(['m1', 'm2', 'm3']);
    const after = await get('/api/clusters/hist?asOf=2020-03-01');
    expect(after.body.members.find((m: { memberId: string }) => m.memberId === 'm2')).toMatchObject({ status: 'withdrawn' });

    // Today's answer comes from the read model, with its ETag.
    const now = await get('/api/clusters/hist');
    expect(now.body.members.find((m: { memberId: string }) => m.memberId === 'm2').status).toBe('withdrawn');
    expect(now.body.pointInTime).toBeUndefined();
    expect(now.headers.get('etag')).toBe(`W/"${withdrawn.revision}"`);
  });

  it('answers the state after a global position', async () => {
    const atAdmission = await get(`/api/clusters/hist?atPosition=${admitted.position}`);
    expect(ids(atAdmission.body.members)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(atAdmission.body.revision).toBe(admitted.revision.toString());
    expect(atAdmission.body.pointInTime).toEqual({ atPosition: admitted.position.toString() });
    const before = await get(`/api/clusters/hist?atPosition=${admitted.position - 1n}`);
    expect(ids(before.body.members)).toEqual(['m1', 'm2', 'm3']);
    const agreement = await get(`/api/clusters/hist/agreement?atPosition=${admitted.position}`);
    expect(agreement.body).toMatchObject({ version: 1, pointInTime: { atPosition: admitted.position.toString() } });
  });

  it('404 before the founding, and for anyone who may not read the cluster now', async () => {
    expect((await get('/api/clusters/hist?asOf=2018-05-09')).status).toBe(404);
    // p2's member has withdrawn: p2 may no longer read the cluster, its past included.
    expect((await get('/api/clusters/hist?asOf=2019-03-01', 'p2')).status).toBe(404);
    expect((await get('/api/clusters/hist?asOf=2019-03-01', 'stranger')).status).toBe(404);
  });

  it('refuses a malformed asOf or atPosition, or both at once, with 400 and the zod issues', async () => {
    const bad = await get('/api/clusters/hist?asOf=1.03.2019');
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: ['asOf'] })]);
    const badPosition = await get('/api/meetings/x?atPosition=-3');
    expect(badPosition.status).toBe(400);
    expect(badPosition.body.issues).toEqual([expect.objectContaining({ path: ['atPosition'] })]);
    const both = await get('/api/groups/x?asOf=2019-03-01&atPosition=3');
    expect(both.status).toBe(400);
    expect(both.body.issues[0].message).toMatch(/not both/);
  });

  it('meetings and groups travel too', async () => {
    await foundSmallCluster(server, 'tt');
    const convened = await server.call('POST', '/api/clusters/tt/meetings', {
      as: 'p1',
      body: { meetingId: 'tt-rada', kind: 'council', title: 'Rada', scheduledFor: '2024-03-14T10:00:00.000Z', venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }] },
    });
    expect(convened.status).toBe(201);
    await server.call('POST', '/api/meetings/tt.tt-rada/opening', { as: 'p1', body: {} });
    await server.call('POST', '/api/meetings/tt.tt-rada/attendance', { as: 'p2', body: { memberId: 'm2', presence: 'in_person' } });
    const past = await server.call('GET', `/api/meetings/tt.tt-rada?atPosition=${convened.body.position}`, { as: 'p3' });
    expect(past.body).toMatchObject({ status: 'convened', attendance: [], pointInTime: { atPosition: convened.body.position } });
    expect((await server.call('GET', '/api/meetings/tt.tt-rada', { as: 'p3' })).body).toMatchObject({ status: 'open', attendance: [expect.objectContaining({ memberId: 'm2' })] });
    expect((await server.call('GET', '/api/meetings/tt.tt-rada?asOf=2001-01-01', { as: 'p3' })).status).toBe(404);

    const requested = await server.call('POST', '/api/clusters/tt/groups', {
      as: 'p2',
      body: { groupId: 'tt-g', name: 'Grupa', purpose: 'Cel', deadline: '2030-12-31', requestedBy: { kind: 'members', memberIds: ['m2', 'm3'] }, initialMemberIds: ['m2', 'm3'] },
    });
    const joined = await server.call('POST', '/api/groups/tt.tt-g/members', { as: 'p4', body: { memberId: 'm4' } });
    const groupThen = await server.call('GET', `/api/groups/tt.tt-g?atPosition=${requested.body.position}`, { as: 'p5' });
    expect(groupThen.body).toMatchObject({ status: 'inactive', memberCount: 2, pointInTime: { atPosition: requested.body.position } });
    expect((await server.call('GET', '/api/groups/tt.tt-g', { as: 'p5' })).body).toMatchObject({ status: 'active', memberCount: 3 });
    // The day the join was recorded, as the server's clock showed it, in the cluster's zone (Warsaw); asOf is its last moment.
    const today = serverDay(joined);
    const lastMoment = new Date(Date.parse(endOfDay(today, 'Europe/Warsaw')) - 1).toISOString();
    expect((await server.call('GET', `/api/groups/tt.tt-g?asOf=${today}`, { as: 'p5' })).body).toMatchObject({ memberCount: 3, asOf: lastMoment });
  });
});

/** "Which regulations were in force when resolution 1/YYYY passed, and how did each member vote?" */
describe('a resolution and the regulations in force when it passed', () => {
  let server: TestServer;
  const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
  /** The amendment takes effect on a date already past whenever this runs. */
  const EFFECTIVE_ON = '2025-01-01';
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'reg', { members: 6 });
  });
  afterAll(() => server.close());

  const ok = async (res: Promise<{ status: number; body: any }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** Votes and closes; answers the resolution's number (n-yyyy, as in its URL) from the register, its year checked against the server's clock. */
  async function resolve(meetingId: string, voteId: string, ballots: Record<string, string>, vote: object = {}): Promise<string> {
    const opened = await server.call('POST', `/api/meetings/${qualifiedId('reg', meetingId)}/votes`, { as: 'p1', body: { voteId, agendaItemId: 'a1', motion: `Uchwała ${voteId}`, ...vote } });
    expect(opened.status).toBe(201);
    for (const [member, choice] of Object.entries(ballots)) {
      await ok(server.call('POST', `/api/meetings/${qualifiedId('reg', meetingId)}/votes/${voteId}/ballots`, { as: personOf(member), body: { memberId: member, choice } }));
    }
    const closed = await server.call('POST', `/api/meetings/${qualifiedId('reg', meetingId)}/votes/${voteId}/closing`, { as: 'p1', body: {} });
    expect(closed.status).toBe(201);
    const entry = await eventually(`the number of ${meetingId}/${voteId}`, async () =>
      ((await ok(server.call('GET', '/api/clusters/reg/resolutions', { as: 'p3' }))) as { meetingId: string; voteId: string; number: string; year: number }[]).find(
        (r) => r.meetingId === qualifiedId('reg', meetingId) && r.voteId === voteId,
      ),
    );
    expect(yearsBetween(opened, closed)).toContain(entry.year);
    return entry.number.replace('/', '-');
  }

  it('reports version 1 for a resolution that passed before an amendment was adopted, version 2 after', async () => {
    await openMeeting(server, 'reg', 'rada-1', 'council', MEMBERS);
    const plan = await resolve('rada-1', 'plan', { m1: 'yes', m2: 'yes', m3: 'no', m4: 'abstain' });

    await ok(server.call('POST', '/api/clusters/reg/amendments', {
      as: 'p2',
      body: { amendmentId: 'zm-1', memberId: 'm2', change: { kind: 'replace', section: '§ 2', text: 'Zmiany wymagają uchwały Ogólnego Zebrania.' }, rationale: 'Tryb zmian' },
    }));
    await openMeeting(server, 'reg', 'ozc', 'general', MEMBERS);
    const am = await resolve('ozc', 'am', { m1: 'yes', m2: 'yes', m3: 'yes', m4: 'yes', m5: 'no' }, { decisionKind: 'amendment', subject: { kind: 'amendment', amendmentId: 'zm-1' }, secrecy: 'secret' });
    await ok(server.call('POST', '/api/clusters/reg/amendments/zm-1/adoption', { as: 'p1', body: { meetingId: 'ozc', voteId: 'am', effectiveOn: EFFECTIVE_ON } }));

    await openMeeting(server, 'reg', 'rada-2', 'council', MEMBERS);
    const plan2 = await resolve('rada-2', 'plan-2', { m1: 'yes', m2: 'yes' });
    expect([plan, am]).toEqual([expect.stringMatching(/^1-\d{4}$/), expect.stringMatching(/^1-\d{4}$/)]);

    const first = await ok(server.call('GET', `/api/clusters/reg/resolutions/council/${plan}`, { as: 'p3' }));
    expect(first).toMatchObject({
      clusterId: 'reg',
      body: 'council',
      number: plan.replace('-', '/'),
      meeting: { meetingId: 'reg.rada-1', kind: 'council' },
      vote: { voteId: 'plan', motion: 'Uchwała plan', secrecy: 'named', outcome: 'adopted', tally: { yes: 2, no: 1, abstain: 1 } },
      charter: { version: 1 },
      agreement: { version: 1 },
      latestAgreementVersion: 1,
    });
    // How each member voted (a named vote).
    expect(Object.fromEntries(first.vote.ballots.map((b: { memberId: string; choice: string }) => [b.memberId, b.choice]))).toEqual({ m1: 'yes', m2: 'yes', m3: 'no', m4: 'abstain' });

    // The amendment's own resolution passed under version 1; a secret vote shows counts only.
    const amendment = await ok(server.call('GET', `/api/clusters/reg/resolutions/general_meeting/${am}`, { as: 'p3' }));
    expect(amendment).toMatchObject({ meeting: { meetingId: 'reg.ozc' }, vote: { secrecy: 'secret', ballots: null, outcome: 'adopted', tally: { yes: 4, no: 1 } }, agreement: { version: 1 } });
    expect(JSON.stringify(amendment)).not.toMatch(/"choice"/);

    // The earlier resolution still reports version 1 after the amendment; the later one version 2.
    const second = await ok(server.call('GET', `/api/clusters/reg/resolutions/council/${plan2}`, { as: 'p3' }));
    expect(second).toMatchObject({ meeting: { meetingId: 'reg.rada-2' }, agreement: { version: 2, inForceSince: EFFECTIVE_ON }, latestAgreementVersion: 2 });
    expect((await ok(server.call('GET', `/api/clusters/reg/resolutions/council/${plan}`, { as: 'p3' }))).agreement.version).toBe(1);
  });

  it('404 for a number not in the register or a reader of another cluster; 400 for a malformed number', async () => {
    await openMeeting(server, 'reg', 'rada-404', 'council', MEMBERS);
    const number = await resolve('rada-404', 'v404', { m1: 'yes' });
    expect((await server.call('GET', `/api/clusters/reg/resolutions/council/${number}`, { as: 'p3' })).status).toBe(200);
    expect((await server.call('GET', `/api/clusters/reg/resolutions/council/${number}`, { as: 'stranger' })).status).toBe(404);
    expect((await server.call('GET', `/api/clusters/reg/resolutions/council/99-${number.split('-')[1]}`, { as: 'p3' })).status).toBe(404);
    const bad = await server.call('GET', '/api/clusters/reg/resolutions/council/1.2024', { as: 'p3' });
    expect(bad.status).toBe(400);
  });
});
