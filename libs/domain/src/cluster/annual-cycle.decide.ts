import { conflict, ruleBroken } from '../shared/rejection';
import type { ClusterCommandOf } from './cluster.commands';
import type { ClusterEvent } from './cluster.events';
import type { ClusterState } from './cluster.state';
import { requireSecretary } from './amendments.decide';
import { requireResolution } from './resolution-rules';

/** The annual cycle: the leader's report for year Y, then the general meeting's resolutions on it. */
export function submitAnnualReport(c: ClusterCommandOf<'SubmitAnnualReport'>, state: ClusterState): ClusterEvent[] {
  requireSecretary(state, c.actor);
  if (state.annualCycles[c.year]?.reportDecision?.accepted) throw conflict(`The report for ${c.year} has already been accepted`);
  return [{ type: 'AnnualReportSubmitted', data: { year: c.year, documentHash: c.documentHash, title: c.title, submittedBy: c.actor, submittedAt: c.at } }];
}

export function recordReportDecision(c: ClusterCommandOf<'RecordReportDecision'>, state: ClusterState): ClusterEvent[] {
  requireSecretary(state, c.actor);
  const cycle = state.annualCycles[c.year];
  if (!cycle?.report) throw ruleBroken(`No annual report for ${c.year} has been submitted`);
  if (cycle.reportDecision) throw conflict(`The report for ${c.year} was already decided by ${cycle.reportDecision.resolution.number}`);
  const r = requireResolution(c.resolution, { decisionKind: 'report_acceptance', generalMeeting: true, subject: { kind: 'report_acceptance', year: c.year } });
  const data = { year: c.year, meetingId: c.meetingId, voteId: c.voteId, resolution: r.resolution };
  return [{ type: r.outcome === 'adopted' ? 'AnnualReportAccepted' : 'AnnualReportRejected', data }];
}

export function recordAbsolution(c: ClusterCommandOf<'RecordAbsolution'>, state: ClusterState): ClusterEvent[] {
  requireSecretary(state, c.actor);
  const cycle = state.annualCycles[c.year];
  if (cycle?.absolution) throw conflict(`Absolution for ${c.year} was already decided by ${cycle.absolution.resolution.number}`);
  if (!cycle?.reportDecision?.accepted) throw ruleBroken(`Absolution for ${c.year} follows the acceptance of that year's report`);
  const r = requireResolution(c.resolution, { decisionKind: 'absolution', generalMeeting: true, subject: { kind: 'absolution', year: c.year } });
  const data = { year: c.year, meetingId: c.meetingId, voteId: c.voteId, resolution: r.resolution };
  return [{ type: r.outcome === 'adopted' ? 'AbsolutionGranted' : 'AbsolutionRefused', data }];
}

/** The plan of action for year Y (adopted during Y-1). */
export function recordActionPlan(c: ClusterCommandOf<'RecordActionPlan'>, state: ClusterState): ClusterEvent[] {
  requireSecretary(state, c.actor);
  if (state.annualCycles[c.year]?.actionPlan?.adopted) throw conflict(`The action plan for ${c.year} is already adopted`);
  const r = requireResolution(c.resolution, { decisionKind: 'action_plan', generalMeeting: true, subject: { kind: 'action_plan', year: c.year } });
  const data = { year: c.year, documentHash: c.documentHash, meetingId: c.meetingId, voteId: c.voteId, resolution: r.resolution };
  return [{ type: r.outcome === 'adopted' ? 'ActionPlanAdopted' : 'ActionPlanRejected', data }];
}

export function recordThematicNetworks(c: ClusterCommandOf<'RecordThematicNetworksEvaluation'>, state: ClusterState): ClusterEvent[] {
  requireSecretary(state, c.actor);
  if (state.annualCycles[c.year]?.thematicNetworks) throw conflict(`The thematic networks of ${c.year} are already evaluated`);
  const r = requireResolution(c.resolution, { decisionKind: 'ordinary_resolution', generalMeeting: true, subject: { kind: 'thematic_networks', year: c.year } });
  return [
    {
      type: 'ThematicNetworksEvaluated',
      data: { year: c.year, summary: c.summary, outcome: r.outcome, meetingId: c.meetingId, voteId: c.voteId, resolution: r.resolution },
    },
  ];
}
