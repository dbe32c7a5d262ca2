import type { RecordedEvent } from '@klaster/event-store';
import { participantsReadModel as participants, type StreamParticipants } from '../src';

let position = 0n;
const event = (streamId: string, actor: string | undefined, data: Record<string, unknown> = {}): RecordedEvent =>
  ({ id: `e${++position}`, streamId, type: 'Something', revision: 0n, position, data, metadata: { actor, correlationId: 'c', causationId: 'c', recordedAt: '2024-01-01T00:00:00.000Z' } }) as unknown as RecordedEvent;

function fold(events: RecordedEvent[]): Map<string, StreamParticipants> {
  const docs = new Map<string, StreamParticipants>();
  for (const e of events) {
    const key = participants.keyOf(e);
    if (key !== undefined) docs.set(key, participants.apply(docs.get(key), e));
  }
  return docs;
}

describe('the participants read model', () => {
  it('keeps who acted on each stream of a cluster, not who was named in the data', () => {
    const docs = fold([
      event('cluster-kl', 'founder', { clusterId: 'kl', representative: { personId: 'named-stranger' } }),
      event('cluster-kl', 'founder'),
      event('cluster-kl', 'signer'),
    ]);
    expect(docs.get('cluster-kl')).toEqual({ clusterId: 'kl', people: ['founder', 'signer'] });
    expect(participants.clusterIdOf(docs.get('cluster-kl')!)).toBe('kl');
  });

  it('finds the cluster of a meeting, a group or an election in its first event, and of the register in its name', () => {
    const docs = fold([
      event('meeting-rada-1', 'coordinator', { clusterId: 'kl', meetingId: 'rada-1' }),
      event('meeting-rada-1', 'voter', { voteId: 'v1' }),
      event('group-g1', 'leader', { clusterId: 'kl' }),
      event('election-e1', 'candidate', { clusterId: 'other' }),
      event('resolutions-kl', 'coordinator', { number: 1 }),
    ]);
    expect([...docs.values()].map((d) => [d.clusterId, d.people])).toEqual([
      ['kl', ['coordinator', 'voter']],
      ['kl', ['leader']],
      ['other', ['candidate']],
      ['kl', ['coordinator']],
    ]);
  });

  it('ignores streams that belong to no cluster and events without an actor, and never changes a document', () => {
    expect(participants.keyOf(event('people-x', 'p'))).toBeUndefined();
    const before = { clusterId: 'kl', people: ['a'] };
    const after = participants.apply(before, event('cluster-kl', 'b'));
    expect(before).toEqual({ clusterId: 'kl', people: ['a'] });
    expect(after.people).toEqual(['a', 'b']);
    expect(participants.apply(after, event('cluster-kl', undefined)).people).toEqual(['a', 'b']);
  });
});
