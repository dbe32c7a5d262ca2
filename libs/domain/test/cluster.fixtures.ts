import { agreementTextHash, type AgreementText } from '../src/cluster/agreement-text';
import { defaultCharter, type Charter } from '../src/cluster/charter';
import type { ClusterCommand } from '../src/cluster/cluster.commands';
import type { ClusterEvent, ClusterEventOf } from '../src/cluster/cluster.events';

export const AT = '2014-11-21T10:00:00.000Z';
export const agreement: AgreementText = {
  title: 'Porozumienie o współpracy',
  sections: [
    { number: '§ 1', title: 'Cele', text: 'Głównym celem jest współpraca.' },
    { number: '§ 2', title: 'Obszary', text: 'Wspólne działania.' },
  ],
};
export const HASH = agreementTextHash(agreement);

const member = (n: number, kind: 'ordinary' | 'honorary' = 'ordinary') => ({
  memberId: `m${n}`,
  organisation: { name: `Spółdzielnia ${n}`, sector: 'social_economy' as const },
  kind,
  votingWeight: 1,
  representative: { personId: `p${n}`, role: 'Prezes' },
});

export function foundCommand(overrides: { charter?: Partial<Charter>; members?: number } = {}): ClusterCommand {
  return {
    type: 'FoundCluster',
    clusterId: 'wmkes',
    actor: 'p1',
    at: AT,
    name: 'Warmińsko-Mazurski Klaster Ekonomii Społecznej',
    foundedOn: '2014-11-21',
    timeZone: 'Europe/Warsaw',
    coordinatorMemberId: 'm1',
    foundingMembers: Array.from({ length: overrides.members ?? 3 }, (_, i) => member(i + 1)),
    agreement,
    charter: { ...defaultCharter, ...overrides.charter },
  };
}

/** The events a founding with 3 members produces: m1 (p1) coordinates. */
export const founded = (overrides: Parameters<typeof foundCommand>[0] = {}): ClusterEvent[] => {
  const c = foundCommand(overrides) as Extract<ClusterCommand, { type: 'FoundCluster' }>;
  const events: ClusterEvent[] = [
    {
      type: 'ClusterFounded',
      data: {
        clusterId: c.clusterId,
        name: c.name,
        foundedOn: c.foundedOn,
        coordinatorMemberId: 'm1',
        charter: c.charter,
        agreement: { version: 1, ...agreement, textHash: HASH },
        timeZone: 'Europe/Warsaw',
      },
    },
    ...c.foundingMembers.map((m): ClusterEvent => ({ type: 'MemberAdmitted', data: { ...m, admittedOn: c.foundedOn, founding: true } })),
    { type: 'CoordinatorAppointed', data: { memberId: 'm1', appointedAt: AT } },
  ];
  if (c.charter.entryIntoForce === 'on_conclusion') events.push({ type: 'AgreementEnteredIntoForce', data: { version: 1, effectiveOn: '2014-11-21' } });
  return events;
};

export const honoraryAdmitted: ClusterEventOf<'MemberAdmitted'> = {
  type: 'MemberAdmitted',
  data: { ...member(9, 'honorary'), admittedOn: '2015-01-10', founding: false },
};
