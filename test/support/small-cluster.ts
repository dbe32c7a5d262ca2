import { defaultCharter, qualifiedId, type Charter } from '@klaster/domain';
import type { TestServer } from './test-server';

/** Founds cluster `clusterId` with ordinary members m1..mN (people p1..pN; p1's m1 coordinates) and honorary h1 (ph). */
export async function foundSmallCluster(server: TestServer, clusterId: string, options: { members?: number; charter?: Partial<Charter> } = {}) {
  const n = options.members ?? 5;
  const res = await server.call('POST', '/api/clusters', {
    as: 'p1',
    body: {
      clusterId,
      name: `Klaster ${clusterId}`,
      foundedOn: '2023-01-10',
      coordinatorMemberId: 'm1',
      foundingMembers: Array.from({ length: n }, (_, i) => ({
        memberId: `m${i + 1}`,
        organisation: { name: `Organizacja ${i + 1}`, sector: 'business' },
        representative: { personId: `p${i + 1}`, role: 'Prezes' },
      })),
      agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }, { number: '§ 2', title: 'Zmiany', text: 'Zmiany wymagają formy pisemnej.' }] },
      charter: { ...defaultCharter, ...options.charter },
    },
  });
  if (res.status !== 201) throw new Error(`founding failed: ${JSON.stringify(res.body)}`);
  const honorary = await server.call('POST', `/api/clusters/${clusterId}/members`, {
    as: 'p1',
    body: { memberId: 'h1', organisation: { name: 'Miasto', sector: 'local_government' }, kind: 'honorary', representative: { personId: 'ph', role: 'Prezydent' }, admittedOn: '2023-02-01' },
  });
  if (honorary.status !== 201) throw new Error(`admission failed: ${JSON.stringify(honorary.body)}`);
}

/** Founds cluster `inny` of one member `z` (person z1): another cluster, with its own people, for isolation tests. */
export async function foundOtherCluster(server: TestServer) {
  const res = await server.call('POST', '/api/clusters', {
    as: 'z1',
    body: {
      clusterId: 'inny',
      name: 'Inny klaster',
      foundedOn: '2023-01-10',
      coordinatorMemberId: 'z',
      foundingMembers: [{ memberId: 'z', organisation: { name: 'Zet', sector: 'other' }, representative: { personId: 'z1', role: 'Prezes' } }],
      agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
    },
  });
  if (res.status !== 201) throw new Error(`founding the other cluster failed: ${JSON.stringify(res.body)}`);
}

/**
 * Convenes and opens a meeting with one agenda item `a1`, and records the given members present.
 * Returns its id inside the cluster (`kl.rada-1` for `rada-1` in `kl`).
 */
export async function openMeeting(server: TestServer, clusterId: string, localId: string, kind: string, present: string[]): Promise<string> {
  const meetingId = qualifiedId(clusterId, localId);
  const convene = await server.call('POST', `/api/clusters/${clusterId}/meetings`, {
    as: 'p1',
    body: { meetingId, kind, title: `Posiedzenie ${meetingId}`, scheduledFor: '2024-03-14T10:00:00.000Z', venue: { mode: 'hybrid', place: 'Olsztyn', url: 'https://meet.example/k' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }] },
  });
  if (convene.status !== 201) throw new Error(`convening failed: ${JSON.stringify(convene.body)}`);
  await server.call('POST', `/api/meetings/${meetingId}/opening`, { as: 'p1', body: {} });
  for (const m of present) {
    const res = await server.call('POST', `/api/meetings/${meetingId}/attendance`, { as: m === 'h1' ? 'ph' : m.replace('m', 'p'), body: { memberId: m, presence: 'in_person' } });
    if (res.status !== 201) throw new Error(`attendance failed: ${JSON.stringify(res.body)}`);
  }
  return meetingId;
}

export const personOf = (member: string) => (member === 'h1' ? 'ph' : member.replace('m', 'p'));
