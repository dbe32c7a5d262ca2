/**
 * One cluster whose own stream holds `events` events, written through the real cluster decider
 * (decide, the event schemas' parse, evolve): founded with 40 members, then representatives change
 * again and again (the act a ten-year-old cluster has most of). Its acts are an hour apart, so an
 * `asOf` date falls anywhere in its history. For the scale benchmark's reads, commands and asOf
 * reads on a cluster with a long history.
 */
import { randomUUID } from 'node:crypto';
import { clusterDecider, clusterStreamId, defaultCharter, parseClusterEvent, type ClusterCommand, type ClusterState } from '@klaster/domain';
import type { EventStore, JsonValue, NewEvent } from '@klaster/event-store';

export interface BigCluster {
  clusterId: string;
  events: number;
  /** Each member's representative (person) at the end, and the coordinator's. */
  representatives: Record<string, string>;
  coordinator: string;
  /** The first and last day of its history (asOf dates are drawn between them). */
  firstDay: string;
  lastDay: string;
}

const MEMBERS = 40;
const APPEND = 200;

export async function writeBigCluster(store: EventStore, clusterId: string, events: number): Promise<BigCluster> {
  let state: ClusterState = clusterDecider.initialState();
  let clock = Date.parse('2016-01-04T08:00:00.000Z');
  const at = () => new Date((clock += 3_600_000)).toISOString();
  let written = 0;
  let buffer: NewEvent[] = [];
  const flush = async () => {
    if (!buffer.length) return;
    await store.append(clusterStreamId(clusterId), buffer, { expectedRevision: written === buffer.length ? 'no_stream' : BigInt(written - buffer.length - 1) });
    buffer = [];
  };
  const exec = async (command: Record<string, unknown>, actor: string) => {
    const time = at();
    const decided = clusterDecider.decide({ clusterId, actor, at: time, ...command } as ClusterCommand, state).map((e) => parseClusterEvent(e.type, e.data));
    const correlationId = randomUUID();
    for (const e of decided) {
      state = clusterDecider.evolve(state, e);
      buffer.push({ id: randomUUID(), type: e.type, data: e.data as JsonValue, metadata: { actor, correlationId, causationId: correlationId, recordedAt: time } });
      written++;
    }
    if (buffer.length >= APPEND) await flush();
  };
  const memberId = (i: number) => `${clusterId}-m${i + 1}`;
  const founders = Array.from({ length: MEMBERS }, (_, i) => ({
    memberId: memberId(i),
    organisation: { name: `Organizacja ${memberId(i)}`, sector: 'business' },
    kind: 'ordinary',
    votingWeight: 1,
    representative: { personId: `p-${memberId(i)}-1`, role: 'Prezes' },
  }));
  const firstDay = new Date(clock).toISOString().slice(0, 10);
  await exec(
    {
      type: 'FoundCluster',
      name: 'Klaster o długiej historii',
      foundedOn: firstDay,
      coordinatorMemberId: memberId(0),
      foundingMembers: founders,
      agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
      charter: defaultCharter,
    },
    founders[0].representative.personId,
  );
  const changes = new Array(MEMBERS).fill(1);
  for (let n = 0; written < events; n++) {
    const i = 1 + (n % (MEMBERS - 1)); // the coordinator's representative stays, so one person can read it throughout
    const member = state.members[memberId(i)];
    changes[i]++;
    await exec({ type: 'ChangeRepresentative', memberId: member.memberId, representative: { personId: `p-${member.memberId}-${changes[i]}`, role: 'Prezes' } }, member.representative.personId);
  }
  await flush();
  const representatives = Object.fromEntries(Object.values(state.members).map((m) => [m.memberId, m.representative.personId]));
  return { clusterId, events: written, representatives, coordinator: representatives[memberId(0)], firstDay, lastDay: new Date(clock).toISOString().slice(0, 10) };
}
