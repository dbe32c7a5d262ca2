import { message, type Locale } from '../messages/catalogue';
import type { ClusterSnapshot } from './replay-cluster';

/** A calendar day (YYYY-MM-DD) for a `{x, date, day}` argument: midnight UTC, which the `day` format reads back as that day. */
const dayOf = (day: string) => new Date(`${day}T00:00:00Z`);

/** A replayed cluster as lines of text for a terminal, in the auditor's language (days as written in English, Polish-formatted in Polish). */
export function snapshotLines(s: ClusterSnapshot, locale: Locale): string[] {
  const say = (key: Parameters<typeof message>[1], params?: Parameters<typeof message>[2]) => message(locale, key, params);
  const { asOf, position } = s.pointInTime;
  const point = asOf ? { point: 'day', asOf, asOfDate: dayOf(asOf), timeZone: s.timeZone } : { point: 'position', position: position ?? '' };
  const leader = s.leader ? { leader: 'yes', organisation: s.leader.organisation, member: s.leader.memberId, representative: s.leader.representative } : { leader: 'none' };
  const active = s.members.filter((m) => m.status === 'active').length;
  return [
    say('snapshot.title', { name: s.name, cluster: s.clusterId, ...point, events: s.eventsFolded }),
    say('snapshot.leader', leader),
    say('snapshot.bodies', { bodies: Object.entries(s.bodies).map(([body, name]) => say('snapshot.body', { body, name })).join('; ') }),
    say('snapshot.versions', { charter: s.charterVersion ?? '—', agreement: s.agreementVersion ?? '—', latest: s.latestAgreementVersion ?? '—' }),
    say('snapshot.members', { active, total: s.members.length }),
    ...s.members.map(
      (m) =>
        `  ${m.status === 'active' ? '●' : '○'} ` +
        say('snapshot.member', {
          organisation: m.organisation,
          member: m.memberId,
          kind: m.kind,
          sector: m.sector,
          status: m.status,
          ...(m.withdrawnOn ? { withdrawn: 'yes', withdrawnOn: m.withdrawnOn, withdrawnOnDate: dayOf(m.withdrawnOn) } : { withdrawn: 'no' }),
          admittedOn: m.admittedOn,
          admittedOnDate: dayOf(m.admittedOn),
          representative: m.representative,
        }),
    ),
    say('snapshot.groups', { count: s.openGroups.length }),
    ...s.openGroups.map(
      (g) =>
        `  ` +
        say('snapshot.group', { name: g.name, group: g.groupId, active: g.active ? 'yes' : 'no', members: g.members.length, leader: g.leader ?? '—', tasks: g.openTasks }),
    ),
  ];
}
