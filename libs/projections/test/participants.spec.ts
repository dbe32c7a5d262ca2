import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Map as ImmutableMap } from 'immutable';
import { SqliteEventStore, type RecordedEvent } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, participantsReadModel as participants, type StreamParticipants } from '../src';

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
    expect(docs.get('cluster-kl')!.clusterId).toBe('kl');
    expect([...docs.get('cluster-kl')!.people.keys()].sort()).toEqual(['founder', 'signer']);
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
    expect([...docs.values()].map((d) => [d.clusterId, [...d.people.keys()].sort()])).toEqual([
      ['kl', ['coordinator', 'voter']],
      ['kl', ['leader']],
      ['other', ['candidate']],
      ['kl', ['coordinator']],
    ]);
  });

  it('ignores streams that belong to no cluster and events without an actor, and never changes a document', () => {
    expect(participants.keyOf(event('people-x', 'p'))).toBeUndefined();
    const before: StreamParticipants = { clusterId: 'kl', people: ImmutableMap({ a: true as const }) };
    const after = participants.apply(before, event('cluster-kl', 'b'));
    expect([...before.people.keys()]).toEqual(['a']);
    expect([...after.people.keys()].sort()).toEqual(['a', 'b']);
    // Nothing new: the very document comes back (the runner writes nothing).
    expect(participants.apply(after, event('cluster-kl', undefined))).toBe(after);
    expect(participants.apply(after, event('cluster-kl', 'a'))).toBe(after);
  });
});

/**
 * The long stream of a ten-year-old cluster has thousands of people who acted on it: a command by
 * someone new must write that person's row, not everyone's again (the whole list was rewritten per
 * command before), and a command by someone who acted before writes nothing of this read model.
 */
describe('the participants read model in the store: a new person writes one row', () => {
  let dir: string;
  let store: SqliteEventStore;
  let models: ReadModelStore;
  let runner: ProjectionRunner;
  const append = async (streamId: string, ...actors: string[]) => {
    const r = await store.append(streamId, actors.map((actor) => ({ id: randomUUID(), type: 'Something', data: { clusterId: 'kl' }, metadata: { actor, correlationId: 'c', causationId: 'c' } })), { expectedRevision: 'any' });
    expect(await runner.waitFor(r.position, 10_000)).toBe(true);
  };
  const cost = async (streamId: string, ...actors: string[]) => {
    const before = { ...models.writeCounts };
    await append(streamId, ...actors);
    return { documentRows: models.writeCounts.documentRows - before.documentRows, partRows: models.writeCounts.partRows - before.partRows, partChars: models.writeCounts.partChars - before.partChars };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-participants-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    models = new ReadModelStore(join(dir, 'read-models.sqlite'));
    runner = new ProjectionRunner(store, models, [participants]);
    runner.start();
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    models.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after 2,000 people, the next one costs what the second did; someone known costs nothing', async () => {
    await append('cluster-kl', 'p0');
    const second = await cost('cluster-kl', 'p1');
    for (let i = 2; i < 2_002; i += 100) await append('cluster-kl', ...Array.from({ length: 100 }, (_, j) => `p${i + j}`));
    const late = await cost('cluster-kl', 'p-late');
    expect(second).toMatchObject({ documentRows: 1, partRows: 1 });
    expect(late).toMatchObject({ documentRows: 1, partRows: 1 });
    expect(late.partChars).toBe(second.partChars);
    expect(await cost('cluster-kl', 'p7', 'p1999', 'p-late')).toEqual({ documentRows: 0, partRows: 0, partChars: 0 });

    // Read back from the file, everyone is there, once.
    const doc = models.get<StreamParticipants>('participants', 'cluster-kl')!;
    expect(doc.clusterId).toBe('kl');
    expect(doc.people.size).toBe(2_003);
    expect(doc.people.has('p2001') && doc.people.has('p-late') && !doc.people.has('p2002')).toBe(true);
  });
});
