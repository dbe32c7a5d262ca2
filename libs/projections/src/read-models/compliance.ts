import { currentCharter, dayIn, endOfDay, groupMemberIds, type ClusterState, type GroupState, type MeetingState } from '@klaster/domain';

/**
 * Compliance of one cluster with its charter, computed from the read models (pure):
 * - council meetings: each period of the year (the charter's `councilMeetingIntervalMonths`: 3 →
 *   quarters Q1–Q4, 6 → halves H1–H2, 12 or more → the whole year, else P1…) needs a council meeting
 *   (kind council, not cancelled, by `scheduledFor`). A period is `met`, `missed` (over, none),
 *   `in_progress` (not over, none yet), `future`, or `before_founding`.
 * - groups below their minimum size: not dissolved and not active (the group's own activity events).
 * - years without absolution granted: each year from the founding year to the year before `year`
 *   (absolution for a year is given by the next year's general meeting) that has none or a refusal.
 * - overdue tasks: open tasks of groups not dissolved whose deadline day had passed at `at`, or at the
 *   end of `year` if that is earlier (a task completed after that instant counts as open then).
 */
export interface ComplianceInput {
  cluster: ClusterState;
  meetings: MeetingState[];
  groups: GroupState[];
  year: number;
  /** The instant the report is made (now). */
  at: string;
}

export type PeriodStatus = 'met' | 'missed' | 'in_progress' | 'future' | 'before_founding';

export function compliance({ cluster, meetings, groups, year, at }: ComplianceInput) {
  const charter = currentCharter(cluster).charter;
  // Days, quarters and the year's end are the cluster's, in its own zone.
  const zone = cluster.timeZone;
  const today = dayIn(at, zone);
  const endOfYear = new Date(Date.parse(endOfDay(`${year}-12-31`, zone)) - 1).toISOString();
  const judgedAt = Date.parse(at) < Date.parse(endOfYear) ? at : endOfYear;

  const periods = councilPeriods(year, charter.councilMeetingIntervalMonths).map((p) => {
    const held = meetings
      .filter((m) => m.exists && m.kind === 'council' && m.status !== 'cancelled')
      .filter((m) => dayIn(m.scheduledFor, zone) >= p.from && dayIn(m.scheduledFor, zone) <= p.to)
      .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor))
      .map((m) => ({ meetingId: m.meetingId, title: m.title, scheduledFor: m.scheduledFor, status: m.status }));
    const status: PeriodStatus =
      held.length > 0 ? 'met' : p.to < cluster.foundedOn ? 'before_founding' : p.from > today ? 'future' : p.to >= today ? 'in_progress' : 'missed';
    return { ...p, status, councilMeetings: held };
  });

  const live = groups.filter((g) => g.exists && !g.dissolved).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.groupId.localeCompare(b.groupId));

  const foundingYear = Number(cluster.foundedOn.slice(0, 4));
  const yearsWithoutAbsolution = [];
  for (let y = foundingYear; y < year; y++) {
    const absolution = cluster.annualCycles[y]?.absolution;
    if (absolution?.granted) continue;
    yearsWithoutAbsolution.push({ year: y, absolution: absolution ? ('refused' as const) : ('not_recorded' as const), resolution: absolution?.resolution ?? null });
  }

  return {
    clusterId: cluster.clusterId,
    year,
    at,
    council: {
      intervalMonths: charter.councilMeetingIntervalMonths,
      periods,
      periodsWithoutCouncilMeeting: periods.filter((p) => p.status === 'missed').map((p) => p.period),
      compliant: periods.every((p) => p.status !== 'missed'),
    },
    groupsBelowMinimumSize: live
      .filter((g) => !g.active)
      .map((g) => ({
        groupId: g.groupId,
        name: g.name,
        memberCount: groupMemberIds(g).length,
        minimumGroupSize: charter.minimumGroupSize,
        inactiveSince: g.activity.filter((a) => !a.active).at(-1)?.at ?? g.requestedAt,
      })),
    yearsWithoutAbsolution,
    overdueTasks: live.flatMap((g) =>
      Object.values(g.tasks)
        .filter((t) => Date.parse(t.addedAt) <= Date.parse(judgedAt) && t.deadline < dayIn(judgedAt, zone) && (!t.completedAt || Date.parse(t.completedAt) > Date.parse(judgedAt)))
        .map((t) => ({ groupId: g.groupId, groupName: g.name, taskId: t.taskId, title: t.title, responsibleMemberId: t.responsibleMemberId, deadline: t.deadline })),
    ),
  };
}

export type ComplianceReport = ReturnType<typeof compliance>;

/** The periods of a year in which the council must meet at least once (dates inclusive, YYYY-MM-DD). */
export function councilPeriods(year: number, intervalMonths: number): { period: string; from: string; to: string }[] {
  const step = Math.min(intervalMonths, 12);
  const label = (n: number) => (step === 3 ? `Q${n}` : step === 6 ? `H${n}` : step === 12 ? `${year}` : `P${n}`);
  const periods = [];
  for (let start = 0, n = 1; start < 12; start += step, n++) {
    const end = Math.min(start + step, 12); // exclusive month index
    const lastDay = new Date(Date.UTC(year, end, 0)).getUTCDate();
    periods.push({ period: label(n), from: `${year}-${pad(start + 1)}-01`, to: `${year}-${pad(end)}-${pad(lastDay)}` });
  }
  return periods;
}

const pad = (n: number) => String(n).padStart(2, '0');
