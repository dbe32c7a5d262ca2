import { applyChange } from '../src/cluster/amendments.decide';
import { clusterDecider } from '../src/cluster/cluster.decider';
import { fold } from '../src/shared/decider';
import type { ClusterCommandOf } from '../src/cluster/cluster.commands';
import type { ClusterEvent } from '../src/cluster/cluster.events';
import type { ResolutionFacts } from '../src/meeting/resolution-facts';
import { specFor } from './given-when-then';
import { HASH, founded } from './cluster.fixtures';

const given = specFor(clusterDecider);
const at = '2024-05-20T10:00:00.000Z';
const ctx = (actor: string) => ({ clusterId: 'wmkes', actor, at });
const resolution = { number: '2/2024', body: 'general_meeting', sequence: 2, year: 2024 };

const vote = (overrides: Partial<ResolutionFacts> = {}): ResolutionFacts => ({
  meetingId: 'ozc',
  voteId: 'v1',
  meetingKind: 'general',
  decisionKind: 'amendment',
  subject: { kind: 'amendment', amendmentId: 'am1' },
  outcome: 'adopted',
  resolution,
  charterVersion: 1,
  ...overrides,
});

const proposed: ClusterEvent = {
  type: 'AmendmentProposed',
  data: {
    amendmentId: 'am1',
    baseVersion: 1,
    change: { kind: 'replace', section: '§ 2', text: 'Wspólne działania i projekty.' },
    charterChange: { minimumGroupSize: 4 },
    rationale: 'Doprecyzowanie',
    proposedBy: { memberId: 'm2', personId: 'p2' },
    proposedAt: at,
  },
};
const adopt = (facts?: ResolutionFacts) => ({ ...ctx('p1'), type: 'AdoptAmendment' as const, amendmentId: 'am1', meetingId: 'ozc', voteId: 'v1', effectiveOn: '2024-06-01', resolution: facts });

describe('amendments', () => {
  it('are proposed by a member’s representative against a § of the current text', () => {
    given(founded())
      .when({ ...ctx('p2'), type: 'ProposeAmendment', amendmentId: 'am1', memberId: 'm2', change: { kind: 'replace', section: '§ 2', text: 'Wspólne działania i projekty.' }, charterChange: { minimumGroupSize: 4 }, rationale: 'Doprecyzowanie' })
      .then([proposed]);
    given(founded())
      .when({ ...ctx('p2'), type: 'ProposeAmendment', amendmentId: 'am1', memberId: 'm2', change: { kind: 'replace', section: '§ 9', text: 'x' }, rationale: 'r' })
      .rejects('rule_broken', /no § 9/);
    given(founded())
      .when({ ...ctx('p3'), type: 'ProposeAmendment', amendmentId: 'am1', memberId: 'm2', change: { kind: 'remove', section: '§ 2' }, rationale: 'r' })
      .rejects('forbidden', /Only the current representative of an active member may propose an amendment on its behalf/);
  });

  it('when adopted by a general-meeting resolution, yield a new consolidated version and charter', () => {
    const events = given([...founded(), proposed]).when(adopt(vote())).events();
    expect(events.map((e) => e.type)).toEqual(['AmendmentAdopted', 'AgreementVersionAdopted', 'CharterAmended']);
    const state = fold(clusterDecider, [...founded(), proposed, ...events]);
    expect(state.agreements).toHaveLength(2);
    expect(state.agreements[0].textHash).toBe(HASH);
    expect(state.agreements[1]).toMatchObject({ version: 2, inForceSince: '2024-06-01' });
    expect(state.agreements[1].sections[1].text).toBe('Wspólne działania i projekty.');
    expect(state.agreements[1].textHash).not.toBe(HASH);
    expect(state.charters.map((c) => [c.version, c.charter.minimumGroupSize])).toEqual([[1, 3], [2, 4]]);
    expect(state.amendments.am1).toMatchObject({ status: 'adopted', decidedBy: resolution, agreementVersion: 2 });
    // A signature now needs the new text's hash.
    given([...founded(), proposed, ...events]).when({ ...ctx('p2'), type: 'SignAgreement', memberId: 'm2', textHash: HASH }).rejects('rule_broken', /not the current agreement/);
  });

  it('are refused adoption outside a general meeting, by the wrong kind of vote, on another subject, or by a rejected vote', () => {
    given([...founded(), proposed]).when(adopt(vote({ meetingKind: 'council' }))).rejects('rule_broken', /general meeting/);
    given([...founded(), proposed]).when(adopt(vote({ decisionKind: 'ordinary_resolution' }))).rejects('rule_broken', /amendment vote/);
    given([...founded(), proposed]).when(adopt(vote({ subject: { kind: 'amendment', amendmentId: 'other' } }))).rejects('rule_broken', /something else/);
    given([...founded(), proposed]).when(adopt(vote({ outcome: 'rejected' }))).rejects('rule_broken', /rejected/);
    given([...founded(), proposed]).when(adopt(undefined)).rejects('not_found', /No closed vote with that meeting and vote id/);
    given([...founded(), proposed]).when({ ...adopt(vote()), actor: 'p2' }).rejects('forbidden', /Only the coordinator's representative records the general meeting's decisions/);
  });

  it('may be adopted at an extraordinary general meeting; a rejected one is recorded as rejected', () => {
    given([...founded(), proposed]).when(adopt(vote({ meetingKind: 'extraordinary_general' }))).thenContains([{ type: 'AmendmentAdopted' }, { type: 'AgreementVersionAdopted' }, { type: 'CharterAmended' }]);
    given([...founded(), proposed])
      .when({ ...ctx('p1'), type: 'RejectAmendment', amendmentId: 'am1', meetingId: 'ozc', voteId: 'v1', resolution: vote({ outcome: 'rejected' }) })
      .then([{ type: 'AmendmentRejected', data: { amendmentId: 'am1', meetingId: 'ozc', voteId: 'v1', resolution } }]);
  });

  it('cannot be adopted after another amendment changed the text it was proposed against', () => {
    const events = given([...founded(), proposed]).when(adopt(vote())).events();
    const second: ClusterEvent = { ...proposed, data: { ...proposed.data, amendmentId: 'am2' } } as ClusterEvent;
    given([...founded(), proposed, second, ...events])
      .when({ ...adopt(vote({ subject: { kind: 'amendment', amendmentId: 'am2' } })), amendmentId: 'am2' })
      .rejects('conflict', /version 2 is now in force/);
  });

  it('can be withdrawn by the proposer only, before a decision', () => {
    given([...founded(), proposed]).when({ ...ctx('p2'), type: 'WithdrawAmendment', amendmentId: 'am1' }).then([{ type: 'AmendmentWithdrawn', data: { amendmentId: 'am1', withdrawnAt: at } }]);
    given([...founded(), proposed]).when({ ...ctx('p3'), type: 'WithdrawAmendment', amendmentId: 'am1' }).rejects('forbidden', /Only the proposer may withdraw an amendment/);
  });
});

describe('annual cycle', () => {
  const submitted: ClusterEvent = { type: 'AnnualReportSubmitted', data: { year: 2023, documentHash: 'a'.repeat(64), title: 'Sprawozdanie 2023', submittedBy: 'p1', submittedAt: at } };
  const facts = (subject: ResolutionFacts['subject'], decisionKind: ResolutionFacts['decisionKind'], outcome: 'adopted' | 'rejected' = 'adopted') =>
    vote({ subject, decisionKind, outcome });
  type Recording = 'RecordReportDecision' | 'RecordAbsolution' | 'RecordActionPlan' | 'RecordThematicNetworksEvaluation';
  const record = <T extends Recording>(type: T, year: number, resolutionFacts: ResolutionFacts, extra: Partial<ClusterCommandOf<T>> = {}): ClusterCommandOf<T> =>
    ({ ...ctx('p1'), type, year, meetingId: 'ozc', voteId: 'v1', resolution: resolutionFacts, ...extra }) as ClusterCommandOf<T>;

  it('accepts the report, then grants absolution, each by its general-meeting resolution', () => {
    const accepted = given([...founded(), submitted]).when(record('RecordReportDecision', 2023, facts({ kind: 'report_acceptance', year: 2023 }, 'report_acceptance'))).events();
    expect(accepted).toEqual([{ type: 'AnnualReportAccepted', data: { year: 2023, meetingId: 'ozc', voteId: 'v1', resolution } }]);
    const absolution = given([...founded(), submitted, ...accepted]).when(record('RecordAbsolution', 2023, facts({ kind: 'absolution', year: 2023 }, 'absolution'))).events();
    expect(absolution[0].type).toBe('AbsolutionGranted');
    const state = fold(clusterDecider, [...founded(), submitted, ...accepted, ...absolution]);
    expect(state.annualCycles[2023]).toMatchObject({ report: { title: 'Sprawozdanie 2023' }, reportDecision: { accepted: true }, absolution: { granted: true, resolution } });
  });

  it('refuses absolution when the vote rejected it (recorded as refused), and before the report is accepted', () => {
    given([...founded(), submitted]).when(record('RecordAbsolution', 2023, facts({ kind: 'absolution', year: 2023 }, 'absolution'))).rejects('rule_broken', /follows the acceptance/);
    const accepted: ClusterEvent = { type: 'AnnualReportAccepted', data: { year: 2023, meetingId: 'ozc', voteId: 'v0', resolution } };
    given([...founded(), submitted, accepted])
      .when(record('RecordAbsolution', 2023, facts({ kind: 'absolution', year: 2023 }, 'absolution', 'rejected')))
      .thenContains([{ type: 'AbsolutionRefused' }]);
  });

  it('refuses a resolution about another year, or a report decision without a report', () => {
    given([...founded(), submitted]).when(record('RecordReportDecision', 2023, facts({ kind: 'report_acceptance', year: 2022 }, 'report_acceptance'))).rejects('rule_broken', /something else/);
    given(founded()).when(record('RecordReportDecision', 2023, facts({ kind: 'report_acceptance', year: 2023 }, 'report_acceptance'))).rejects('rule_broken', /No annual report/);
  });

  it('adopts the action plan for the next year and records the thematic networks’ evaluation', () => {
    given(founded())
      .when(record('RecordActionPlan', 2024, facts({ kind: 'action_plan', year: 2024 }, 'action_plan'), { documentHash: 'b'.repeat(64) }))
      .thenContains([{ type: 'ActionPlanAdopted' }]);
    given(founded())
      .when(record('RecordThematicNetworksEvaluation', 2023, facts({ kind: 'thematic_networks', year: 2023 }, 'ordinary_resolution'), { summary: 'Sieci działają' }))
      .thenContains([{ type: 'ThematicNetworksEvaluated' }]);
  });
});

describe('annual cycle, each act', () => {
  const submitted: ClusterEvent = { type: 'AnnualReportSubmitted', data: { year: 2023, documentHash: 'a'.repeat(64), title: 'Sprawozdanie 2023', submittedBy: 'p1', submittedAt: at } };
  const decided = (type: 'AnnualReportAccepted' | 'AnnualReportRejected' | 'AbsolutionGranted' | 'AbsolutionRefused'): ClusterEvent => ({ type, data: { year: 2023, meetingId: 'ozc', voteId: 'v0', resolution } });
  const council = { meetingKind: 'council' as const };
  const report = (overrides: Partial<ResolutionFacts> = {}) =>
    ({ ...ctx('p1'), type: 'RecordReportDecision' as const, year: 2023, meetingId: 'ozc', voteId: 'v1', resolution: vote({ decisionKind: 'report_acceptance', subject: { kind: 'report_acceptance', year: 2023 }, ...overrides }) });
  const absolution = (year = 2023, overrides: Partial<ResolutionFacts> = {}) =>
    ({ ...ctx('p1'), type: 'RecordAbsolution' as const, year, meetingId: 'ozc', voteId: 'v1', resolution: vote({ decisionKind: 'absolution', subject: { kind: 'absolution', year }, ...overrides }) });
  const plan = (overrides: Partial<ResolutionFacts> = {}) =>
    ({ ...ctx('p1'), type: 'RecordActionPlan' as const, year: 2024, documentHash: 'b'.repeat(64), meetingId: 'ozc', voteId: 'v1', resolution: vote({ decisionKind: 'action_plan', subject: { kind: 'action_plan', year: 2024 }, ...overrides }) });
  const networks = (overrides: Partial<ResolutionFacts> = {}) =>
    ({ ...ctx('p1'), type: 'RecordThematicNetworksEvaluation' as const, year: 2023, summary: 'Sieci działają', meetingId: 'ozc', voteId: 'v1', resolution: vote({ decisionKind: 'ordinary_resolution', subject: { kind: 'thematic_networks', year: 2023 }, ...overrides }) });
  const notGeneral = /^Only a resolution of the general meeting decides this; 2\/2024 was taken by a council meeting$/;

  it('submits a report; again after it was rejected, never after it was accepted', () => {
    given(founded())
      .when({ ...ctx('p1'), type: 'SubmitAnnualReport', year: 2023, documentHash: 'a'.repeat(64), title: 'Sprawozdanie 2023' })
      .then([submitted]);
    given([...founded(), submitted, decided('AnnualReportRejected')])
      .when({ ...ctx('p1'), type: 'SubmitAnnualReport', year: 2023, documentHash: 'c'.repeat(64), title: 'Sprawozdanie 2023 (poprawione)' })
      .thenContains([{ type: 'AnnualReportSubmitted' }]);
    given([...founded(), submitted, decided('AnnualReportAccepted')])
      .when({ ...ctx('p1'), type: 'SubmitAnnualReport', year: 2023, documentHash: 'c'.repeat(64), title: 'x' })
      .rejects('conflict', /^The report for 2023 has already been accepted$/);
  });

  it('decides the report once, by a general meeting only', () => {
    given([...founded(), submitted, decided('AnnualReportRejected')]).when(report()).rejects('conflict', /^The report for 2023 was already decided by 2\/2024$/);
    given([...founded(), submitted]).when(report(council)).rejects('rule_broken', notGeneral);
    given([...founded(), submitted]).when(report({ outcome: 'rejected' })).thenContains([{ type: 'AnnualReportRejected' }]);
    expect(fold(clusterDecider, [...founded(), submitted, decided('AnnualReportRejected')]).annualCycles[2023].reportDecision).toMatchObject({ accepted: false, resolution });
  });

  it('decides absolution once, only after the report was accepted (not rejected), by a general meeting only', () => {
    given(founded()).when(absolution(2025)).rejects('rule_broken', /^Absolution for 2025 follows the acceptance of that year's report$/);
    given([...founded(), submitted, decided('AnnualReportRejected')]).when(absolution()).rejects('rule_broken', /^Absolution for 2023 follows the acceptance of that year's report$/);
    given([...founded(), submitted, decided('AnnualReportAccepted')]).when(absolution(2023, council)).rejects('rule_broken', notGeneral);
    given([...founded(), submitted, decided('AnnualReportAccepted'), decided('AbsolutionRefused')]).when(absolution()).rejects('conflict', /^Absolution for 2023 was already decided by 2\/2024$/);
    expect(fold(clusterDecider, [...founded(), submitted, decided('AnnualReportAccepted'), decided('AbsolutionRefused')]).annualCycles[2023].absolution).toMatchObject({ granted: false, resolution });
  });

  it('records an action plan rejected, then adopted, never twice adopted; by a general meeting only', () => {
    const rejected = given(founded()).when(plan({ outcome: 'rejected' })).events();
    expect(rejected).toEqual([{ type: 'ActionPlanRejected', data: { year: 2024, documentHash: 'b'.repeat(64), meetingId: 'ozc', voteId: 'v1', resolution } }]);
    expect(fold(clusterDecider, [...founded(), ...rejected]).annualCycles[2024].actionPlan).toEqual({ meetingId: 'ozc', voteId: 'v1', resolution, documentHash: 'b'.repeat(64), adopted: false });
    const adopted = given([...founded(), ...rejected]).when(plan()).events();
    expect(adopted.map((e) => e.type)).toEqual(['ActionPlanAdopted']);
    expect(fold(clusterDecider, [...founded(), ...rejected, ...adopted]).annualCycles[2024].actionPlan).toMatchObject({ adopted: true });
    given([...founded(), ...adopted]).when(plan()).rejects('conflict', /^The action plan for 2024 is already adopted$/);
    given(founded()).when(plan(council)).rejects('rule_broken', notGeneral);
  });

  it('evaluates the thematic networks once, by a general meeting only', () => {
    const evaluated = given(founded()).when(networks()).events();
    expect(evaluated).toEqual([{ type: 'ThematicNetworksEvaluated', data: { year: 2023, summary: 'Sieci działają', outcome: 'adopted', meetingId: 'ozc', voteId: 'v1', resolution } }]);
    expect(fold(clusterDecider, [...founded(), ...evaluated]).annualCycles[2023].thematicNetworks).toEqual({ meetingId: 'ozc', voteId: 'v1', resolution, summary: 'Sieci działają', outcome: 'adopted' });
    given([...founded(), ...evaluated]).when(networks()).rejects('conflict', /^The thematic networks of 2023 are already evaluated$/);
    given(founded()).when(networks(council)).rejects('rule_broken', notGeneral);
  });
});

describe('amendments, each act', () => {
  it('is withdrawn by the person who proposed it even after another took over as representative', () => {
    const changed: ClusterEvent = { type: 'RepresentativeChanged', data: { memberId: 'm2', previous: { personId: 'p2', role: 'Prezes' }, representative: { personId: 'p2b', role: 'Prezes' }, effectiveAt: at } };
    given([...founded(), proposed, changed]).when({ ...ctx('p2'), type: 'WithdrawAmendment', amendmentId: 'am1' }).then([{ type: 'AmendmentWithdrawn', data: { amendmentId: 'am1', withdrawnAt: at } }]);
    given([...founded(), proposed]).when({ ...ctx('p3'), type: 'WithdrawAmendment', amendmentId: 'am1' }).rejects('forbidden', /^Only the proposer may withdraw an amendment$/);
  });

  it('is rejected by a general meeting only, once', () => {
    const reject = (facts: ResolutionFacts) => ({ ...ctx('p1'), type: 'RejectAmendment' as const, amendmentId: 'am1', meetingId: 'ozc', voteId: 'v1', resolution: facts });
    given([...founded(), proposed]).when(reject(vote({ outcome: 'rejected', meetingKind: 'council' }))).rejects('rule_broken', /^Only a resolution of the general meeting decides this; 2\/2024 was taken by a council meeting$/);
    const rejected = given([...founded(), proposed]).when(reject(vote({ outcome: 'rejected' }))).events();
    expect(fold(clusterDecider, [...founded(), proposed, ...rejected]).amendments.am1).toMatchObject({ status: 'rejected', decidedBy: resolution });
    given([...founded(), proposed, ...rejected]).when(adopt(vote())).rejects('rule_broken', /^Amendment 'am1' is already rejected$/);
  });

  it('cannot add a section the agreement already has, the first one included', () => {
    expect(() => applyChange([{ number: '§ 1', title: 'Cele', text: 'a' }], { kind: 'add', section: '§ 1', title: 'x', text: 'y' })).toThrow(/^The agreement already has § 1$/);
  });
});

describe('installing an elected leader', () => {
  const install = (electedMemberId: string | null, memberId = 'm2') => ({
    ...ctx('system'),
    type: 'InstallElectedLeader' as const,
    electionId: 'el1',
    memberId,
    election: { electionId: 'el1', clusterId: 'wmkes', electedMemberId },
  });

  it('makes the elected member the coordinator', () => {
    given(founded()).when(install('m2')).then([{ type: 'CoordinatorAppointed', data: { memberId: 'm2', appointedAt: at, electionId: 'el1' } }]);
  });

  it('refuses a member the election did not elect', () => {
    given(founded()).when(install('m3')).rejects('rule_broken', /did not elect/);
    given(founded()).when({ ...install('m2'), election: undefined }).rejects('not_found', /Election 'el1' does not exist in this cluster/);
  });
});
