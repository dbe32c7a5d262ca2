import { qualifiedId } from '@klaster/domain';
import { createHash } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];

/** A year of a six-member cluster, through HTTP on the embedded store. */
describe('a year of a cluster', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'rok', { members: 6 });
  });
  afterAll(() => server.close());

  const ok = async (res: Promise<{ status: number; body: any }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** The coordinator's representative, who chairs: p1 until the election, then the elected leader's. */
  let chair = 'p1';
  /** Opens a vote on agenda item a1, casts the given ballots, closes it; returns the closed vote. */
  async function resolve(meetingId: string, voteId: string, ballots: Record<string, string>, vote: object = {}) {
    await ok(server.call('POST', `/api/meetings/${qualifiedId('rok', meetingId)}/votes`, { as: chair, body: { voteId, agendaItemId: 'a1', motion: voteId, ...vote } }));
    for (const [member, choice] of Object.entries(ballots)) {
      await ok(server.call('POST', `/api/meetings/${qualifiedId('rok', meetingId)}/votes/${voteId}/ballots`, { as: personOf(member), body: { memberId: member, choice } }));
    }
    await ok(server.call('POST', `/api/meetings/${qualifiedId('rok', meetingId)}/votes/${voteId}/closing`, { as: chair, body: {} }));
    const meeting = await ok(server.call('GET', `/api/meetings/${qualifiedId('rok', meetingId)}`, { as: 'p1' }));
    return meeting.votes.find((v: { voteId: string }) => v.voteId === voteId);
  }
  const allYes = Object.fromEntries(MEMBERS.map((m) => [m, 'yes']));

  it('holds a council meeting every quarter, each adopting a numbered resolution', async () => {
    for (const q of [1, 2, 3, 4]) {
      await openMeeting(server, 'rok', `rada-q${q}`, 'council', MEMBERS);
      const vote = await resolve(`rada-q${q}`, 'plan', { m1: 'yes', m2: 'yes', m3: 'no', m4: 'abstain' });
      expect(vote.result).toMatchObject({ outcome: 'adopted', resolution: { body: 'council', sequence: q } });
      await ok(server.call('POST', `/api/meetings/rok.rada-q${q}/closing`, { as: 'p1', body: {} }));
    }
    const register = await ok(server.call('GET', '/api/clusters/rok/resolutions', { as: 'p6' }));
    expect(register.filter((r: { body: string }) => r.body === 'council').map((r: { sequence: number }) => r.sequence)).toEqual([1, 2, 3, 4]);
  });

  it('a general meeting adopts an amendment by two thirds: a new version, and the charter changes', async () => {
    await ok(server.call('POST', '/api/clusters/rok/amendments', {
      as: 'p2',
      body: {
        amendmentId: 'zmiana-1',
        memberId: 'm2',
        change: { kind: 'replace', section: '§ 2', text: 'Zmiany wymagają formy pisemnej i uchwały Ogólnego Zebrania.' },
        charterChange: { minimumGroupSize: 4 },
        rationale: 'Porządkujemy tryb zmian',
      },
    }));
    await openMeeting(server, 'rok', 'ozc', 'general', MEMBERS);
    // 4 yes of 6 cast: exactly two thirds.
    const vote = await resolve('ozc', 'am', { m1: 'yes', m2: 'yes', m3: 'yes', m4: 'yes', m5: 'no', m6: 'no' }, {
      decisionKind: 'amendment',
      subject: { kind: 'amendment', amendmentId: 'zmiana-1' },
    });
    expect(vote.rule.majority).toBe('two_thirds_of_cast');
    expect(vote.result).toMatchObject({ outcome: 'adopted', tally: { yes: 4, no: 2, abstain: 0 }, resolution: { body: 'general_meeting', sequence: 1 } });
    // Recording it from a council resolution is refused; from the general meeting's it is adopted.
    const councilVote = { meetingId: 'rok.rada-q1', voteId: 'plan', effectiveOn: '2026-12-01' };
    expect((await server.call('POST', '/api/clusters/rok/amendments/zmiana-1/adoption', { as: 'p1', body: councilVote })).status).toBe(422);
    await ok(server.call('POST', '/api/clusters/rok/amendments/zmiana-1/adoption', { as: 'p1', body: { meetingId: 'rok.ozc', voteId: 'am', effectiveOn: '2026-12-01' } }));
    const versions = await ok(server.call('GET', '/api/clusters/rok/agreement/versions', { as: 'p3' }));
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(versions[1].diff).toContain('+Zmiany wymagają formy pisemnej i uchwały Ogólnego Zebrania.');
    expect(versions[1].amendment).toMatchObject({ amendmentId: 'zmiana-1', decidedBy: { number: vote.result.resolution.number } });
    const cluster = await ok(server.call('GET', '/api/clusters/rok', { as: 'p3' }));
    expect(cluster.charter).toMatchObject({ version: 2, minimumGroupSize: 4 });
    expect(cluster.agreement.version).toBe(2);
  });

  it('the general meeting elects a new leader after a runoff, who becomes the coordinator', async () => {
    const e = '/api/elections/rok.lider';
    await ok(server.call('POST', '/api/clusters/rok/elections', { as: 'p1', body: { electionId: 'rok.lider', meetingId: 'rok.ozc', reason: 'Lider wypowiedział porozumienie' } }));
    for (const candidate of ['m2', 'm3', 'm4']) {
      await ok(server.call('POST', `${e}/candidates`, { as: 'p5', body: { memberId: candidate } }));
      await ok(server.call('POST', `${e}/candidates/${candidate}/acceptance`, { as: personOf(candidate), body: {} }));
    }
    const ballot = (member: string, candidate: string) =>
      ok(server.call('POST', `${e}/ballots`, { as: personOf(member), body: { memberId: member, candidateMemberId: candidate } }));
    await ok(server.call('POST', `${e}/rounds`, { as: 'p1', body: {} }));
    for (const [member, candidate] of [['m1', 'm2'], ['m2', 'm2'], ['m3', 'm3'], ['m4', 'm4'], ['m5', 'm3'], ['m6', 'm4']]) await ballot(member, candidate);
    const first = await ok(server.call('POST', `${e}/rounds/current/closing`, { as: 'p1', body: {} }));
    expect(first.events).toEqual(['RoundClosed', 'RunoffOpened']);
    for (const [member, candidate] of [['m1', 'm2'], ['m2', 'm2'], ['m3', 'm3'], ['m4', 'm3'], ['m5', 'm3'], ['m6', 'm3']]) await ballot(member, candidate);
    const runoff = await ok(server.call('POST', `${e}/rounds/current/closing`, { as: 'p1', body: {} }));
    expect(runoff.events).toContain('LeaderElected');
    const cluster = await ok(server.call('GET', '/api/clusters/rok', { as: 'p3' }));
    expect(cluster.coordinator.memberId).toBe('m3');
    // The former coordinator can no longer record the general meeting's decisions; the new one can.
    chair = 'p3';
    expect((await server.call('POST', '/api/clusters/rok/annual-reports', { as: 'p1', body: { year: 2025, documentHash: sha('x'), title: 'x' } })).status).toBe(403);
  });

  it('accepts the annual report, grants absolution and adopts the plan for next year, each by resolution', async () => {
    const year = 2025;
    await ok(server.call('POST', '/api/clusters/rok/annual-reports', { as: 'p3', body: { year, documentHash: sha('Sprawozdanie 2025'), title: 'Sprawozdanie z działalności 2025' } }));
    const report = await resolve('ozc', 'rep', allYes, { decisionKind: 'report_acceptance', subject: { kind: 'report_acceptance', year } });
    await ok(server.call('POST', `/api/clusters/rok/annual-cycles/${year}/report-decision`, { as: 'p3', body: { meetingId: 'rok.ozc', voteId: 'rep' } }));
    const absolution = await resolve('ozc', 'abs', { ...allYes, m6: 'no' }, { decisionKind: 'absolution', subject: { kind: 'absolution', year } });
    await ok(server.call('POST', `/api/clusters/rok/annual-cycles/${year}/absolution`, { as: 'p3', body: { meetingId: 'rok.ozc', voteId: 'abs' } }));
    await resolve('ozc', 'plan', allYes, { decisionKind: 'action_plan', subject: { kind: 'action_plan', year: year + 1 } });
    await ok(server.call('POST', `/api/clusters/rok/annual-cycles/${year + 1}/action-plan`, { as: 'p3', body: { meetingId: 'rok.ozc', voteId: 'plan', documentHash: sha('Plan 2026') } }));
    const cycles = await ok(server.call('GET', '/api/clusters/rok/annual-cycles', { as: 'p4' }));
    const y = cycles.find((c: { year: number }) => c.year === year);
    expect(y).toMatchObject({
      reportDecision: { accepted: true, resolution: { number: report.result.resolution.number } },
      absolution: { granted: true, resolution: { number: absolution.result.resolution.number } },
    });
    expect(cycles.find((c: { year: number }) => c.year === year + 1).actionPlan).toMatchObject({ adopted: true });
  });
});
