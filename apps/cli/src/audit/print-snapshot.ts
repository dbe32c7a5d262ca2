import type { ClusterSnapshot } from '@klaster/audit';

/** A cluster's state as plain text for a terminal. */
export function printSnapshot(s: ClusterSnapshot): void {
  const at = s.pointInTime.asOf ? `as of the end of ${s.pointInTime.asOf} (${s.timeZone})` : `as of log position ${s.pointInTime.position}`;
  console.log(`${s.name} (${s.clusterId}) ${at} — folded from ${s.eventsFolded} events of the log`);
  console.log(`Leader (coordinator): ${s.leader ? `${s.leader.organisation} [${s.leader.memberId}], represented by ${s.leader.representative}` : '—'}`);
  console.log(`Bodies: ${Object.entries(s.bodies).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  console.log(`Charter version ${s.charterVersion ?? '—'}; agreement version in force ${s.agreementVersion ?? '—'} (latest adopted ${s.latestAgreementVersion ?? '—'})`);
  const active = s.members.filter((m) => m.status === 'active').length;
  console.log(`Members (${active} active of ${s.members.length}):`);
  for (const m of s.members) {
    console.log(`  ${m.status === 'active' ? '●' : '○'} ${m.organisation} [${m.memberId}] — ${m.kind}, ${m.sector}, ${m.status}${m.withdrawnOn ? ` since ${m.withdrawnOn}` : ''}; admitted ${m.admittedOn}; representative ${m.representative}`);
  }
  console.log(`Open groups (${s.openGroups.length}):`);
  for (const g of s.openGroups) console.log(`  ${g.name} [${g.groupId}] — ${g.active ? 'active' : 'below the minimum size'}, ${g.members.length} members, leader ${g.leader ?? '—'}, ${g.openTasks} open task(s)`);
}
