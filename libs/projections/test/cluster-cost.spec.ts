import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { List } from 'immutable';
import type { ClusterEvent, ClusterState } from '@klaster/domain';
import { SqliteEventStore } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, clustersReadModel, type AggregateDoc } from '../src';
import { newEvent } from '../../event-store/test/contract/fixtures';
import { founded } from '../../domain/test/cluster.fixtures';

/**
 * The clusters read model's cost of a representative change must not grow with the cluster: a commit
 * writes the cluster's own row, the member's row and its history's new entry — never the other
 * members, never the entries already there. These count the rows and characters the store writes (no
 * timing), so they fail if a change rewrote the whole document, as it did before the document was
 * split per member (about 1 MB for a cluster with 10,000 changes).
 */

const STREAM = 'cluster-wmkes';
const MEMBERS = 40;
const at = (i: number) => new Date(Date.parse('2015-01-01T08:00:00.000Z') + i * 3_600_000).toISOString();
const event = (e: ClusterEvent) => newEvent(e.type, e.data as never);
const person = (memberId: string, n: number) => (n === 0 ? memberId.replace('m', 'p') : `${memberId}-p${n}`);
const changes = new Map<string, number>();
/** The next representative of a member (its history grows by one). */
function change(memberId: string): ClusterEvent {
  const n = changes.get(memberId) ?? 0;
  changes.set(memberId, n + 1);
  return { type: 'RepresentativeChanged', data: { memberId, previous: { personId: person(memberId, n), role: 'Prezes' }, representative: { personId: person(memberId, n + 1), role: 'Prezes' }, effectiveAt: at(n) } };
}

describe('the clusters read model: a representative change writes what it changed, whatever the history', () => {
  let dir: string;
  let store: SqliteEventStore;
  let models: ReadModelStore;
  let runner: ProjectionRunner;

  const append = async (...events: ClusterEvent[]) => {
    const r = await store.append(STREAM, events.map(event), { expectedRevision: 'any' });
    expect(await runner.waitFor(r.position, 10_000)).toBe(true);
  };
  const cost = async (...events: ClusterEvent[]) => {
    const before = { ...models.writeCounts };
    await append(...events);
    return { documentRows: models.writeCounts.documentRows - before.documentRows, partRows: models.writeCounts.partRows - before.partRows, partChars: models.writeCounts.partChars - before.partChars };
  };
  const cluster = () => models.get<AggregateDoc<ClusterState>>('clusters', 'wmkes')!.state;

  beforeEach(async () => {
    changes.clear();
    dir = mkdtempSync(join(tmpdir(), 'klaster-cluster-cost-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    models = new ReadModelStore(join(dir, 'read-models.sqlite'));
    runner = new ProjectionRunner(store, models, [clustersReadModel]);
    runner.start();
    await append(...founded({ members: MEMBERS }));
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    models.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the 2,000th change of a member costs what its first did: the cluster row, the member row and one entry', async () => {
    const first = await cost(change('m2'));
    // Many changes, in batches as a busy cluster would commit them, most of them of m2.
    for (let i = 0; i < 2_000; i += 100) await append(...Array.from({ length: 100 }, (_, j) => change(j % 4 === 0 ? 'm3' : 'm2')));
    const late = await cost(change('m2'));
    expect(first).toMatchObject({ documentRows: 1, partRows: 2 });
    expect(late).toMatchObject({ documentRows: 1, partRows: 2 });
    // A few digits longer (the member's person ids carry the change's number), never the history.
    expect(Math.abs(late.partChars - first.partChars)).toBeLessThan(40);
    expect(cluster().members.m2.representativeHistory.size).toBe(changes.get('m2')! + 1);
  });

  it('a batch of changes writes each member once and each new entry once; an act about no member writes no member', async () => {
    expect(await cost(change('m2'), change('m2'), change('m5'))).toMatchObject({ documentRows: 1, partRows: 5 });
    expect(await cost({ type: 'AuditorAppointed', data: { personId: 'audytor', appointedAt: at(1) } })).toMatchObject({ documentRows: 1, partRows: 0 });
    expect(await cost({ type: 'MemberWithdrew', data: { memberId: 'm7', withdrawnOn: '2016-01-01', writtenNoticeRef: 'pismo 1' } })).toMatchObject({ documentRows: 1, partRows: 1 });
    const admitted: ClusterEvent = {
      type: 'MemberAdmitted',
      data: { memberId: 'm99', organisation: { name: 'Nowa', sector: 'business' }, kind: 'ordinary', votingWeight: 1, representative: { personId: 'p99', role: 'Prezes' }, admittedOn: '2016-02-01', founding: false },
    };
    expect(await cost(admitted)).toMatchObject({ documentRows: 1, partRows: 2 });
  });

  it('what it wrote reads back whole from another connection, as the fold has it (each history a list again)', async () => {
    await append(...Array.from({ length: 50 }, (_, i) => change(`m${2 + (i % 3)}`)));
    await append({ type: 'MemberWithdrew', data: { memberId: 'm4', withdrawnOn: '2016-01-01', writtenNoticeRef: 'pismo 1' } });
    await append(change('m2'));
    const other = new ReadModelStore(join(dir, 'read-models.sqlite'));
    try {
      const read = other.get<AggregateDoc<ClusterState>>('clusters', 'wmkes')!.state;
      const folded = models.latest<AggregateDoc<ClusterState>>('clusters', 'wmkes')!.state;
      expect(JSON.stringify(read)).toBe(JSON.stringify(folded));
      expect(Object.keys(read.members)).toEqual(Object.keys(folded.members));
      expect(List.isList(read.members.m2.representativeHistory)).toBe(true);
      expect(read.members.m2.representativeHistory.map((e) => e.personId).toArray()).toEqual(Array.from({ length: changes.get('m2')! + 1 }, (_, n) => person('m2', n)));
      expect(read.members.m4.status).toBe('withdrawn');
    } finally {
      other.close();
    }
  });

  it('a document not in the cache (after a restart) is written whole once, then by its changes again', async () => {
    await append(...Array.from({ length: 30 }, () => change('m2')));
    await runner.stop();
    models.close();
    models = new ReadModelStore(join(dir, 'read-models.sqlite'));
    runner = new ProjectionRunner(store, models, [clustersReadModel]);
    runner.start();
    // The fold reads it back (cached from then on): a change writes its rows only.
    expect(await cost(change('m2'))).toMatchObject({ documentRows: 1, partRows: 2 });
    const other = new ReadModelStore(join(dir, 'read-models.sqlite'));
    try {
      expect(JSON.stringify(other.get<AggregateDoc<ClusterState>>('clusters', 'wmkes')!.state)).toBe(JSON.stringify(cluster()));
    } finally {
      other.close();
    }
  });
});
