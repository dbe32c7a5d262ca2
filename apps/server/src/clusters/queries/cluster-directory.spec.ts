import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterEvent } from '@klaster/domain';
import { SqliteEventStore } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, clustersReadModel, readModels, sealScheduleReadModel, type Projection } from '@klaster/projections';
import { newEvent } from '../../../../../libs/event-store/test/contract/fixtures';
import { founded } from '../../../../../libs/domain/test/cluster.fixtures';
import { ReadModels } from '../../projections/read-models.service';
import { ClusterDirectory } from './cluster-directory';

/**
 * Every sign-in, refresh and OIDC sign-in asks which clusters a person may read. With 10,000 clusters
 * that must not read all of them (it assembled every cluster before): the clusters read model is
 * found by its readers. These count the documents a question reads (a spy on the store) and check the
 * answers as membership changes, and on a second instance that catches up with the log.
 */

const event = (e: ClusterEvent) => newEvent(e.type, e.data as never);
/** A cluster of three members (m1 coordinates): p1, p2, p3 represent them unless `people` says otherwise. */
const foundedAs = (clusterId: string, people: [string, string, string] = ['p1', 'p2', 'p3']): ClusterEvent[] =>
  founded().map((e) => {
    if (e.type === 'ClusterFounded') return { ...e, data: { ...e.data, clusterId } };
    if (e.type === 'MemberAdmitted') {
      const n = Number(e.data.memberId.slice(1)) - 1;
      return { ...e, data: { ...e.data, representative: { ...e.data.representative, personId: people[n] } } };
    }
    return e;
  });

describe('ClusterDirectory: the clusters a person may read, without reading the others', () => {
  let dir: string;
  let store: SqliteEventStore;
  const instances: { models: ReadModelStore; runner: ProjectionRunner; directory: ClusterDirectory }[] = [];

  const instance = (name: string, projections: Projection[] = readModels) => {
    const models = new ReadModelStore(join(dir, `${name}.sqlite`));
    const runner = new ProjectionRunner(store, models, projections);
    runner.start();
    const directory = new ClusterDirectory(new ReadModels(models, runner, 10_000));
    instances.push({ models, runner, directory });
    return { models, runner, directory };
  };
  const append = async (streamId: string, events: ClusterEvent[], runner: ProjectionRunner) => {
    const r = await store.append(streamId, events.map(event), { expectedRevision: 'any' });
    expect(await runner.waitFor(r.position, 10_000)).toBe(true);
  };
  /** The keys of the clusters documents a call reads (from the cache or the file), and whether it listed them all. */
  const reads = <T>(models: ReadModelStore, call: () => T) => {
    const latest = jest.spyOn(models, 'latest');
    const get = jest.spyOn(models, 'get');
    const all = jest.spyOn(models, 'all');
    const byCluster = jest.spyOn(models, 'byCluster');
    try {
      const result = call();
      const read = [...latest.mock.calls, ...get.mock.calls].filter(([collection]) => collection === 'clusters').map(([, key]) => key);
      return { result, read: read.sort(), listed: all.mock.calls.length + byCluster.mock.calls.length };
    } finally {
      for (const spy of [latest, get, all, byCluster]) spy.mockRestore();
    }
  };
  const ids = (states: { clusterId: string }[]) => states.map((s) => s.clusterId).sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-directory-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    for (const { runner, models } of instances.splice(0)) {
      await runner.stop();
      models.close();
    }
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a person in 2 of 3 clusters gets those 2, and no other cluster is read', async () => {
    const { models, runner, directory } = instance('one');
    await append('cluster-ka', foundedAs('ka'), runner);
    await append('cluster-kb', foundedAs('kb', ['q1', 'p2', 'q3']), runner);
    await append('cluster-kc', foundedAs('kc', ['q1', 'q2', 'q3']), runner);
    // Many clusters p2 has nothing to do with: none of them may be read to answer.
    for (let i = 0; i < 20; i++) await append(`cluster-x${i}`, foundedAs(`x${i}`, [`x${i}-1`, `x${i}-2`, `x${i}-3`]), runner);

    const p2 = reads(models, () => directory.readableBy('p2'));
    expect(ids(p2.result)).toEqual(['ka', 'kb']);
    expect(p2.read).toEqual(['ka', 'kb']);
    expect(p2.listed).toBe(0);
    expect(ids(directory.readableBy('q3'))).toEqual(['kb', 'kc']);
    expect(ids(directory.readableBy('x7-2'))).toEqual(['x7']);

    const nobody = reads(models, () => directory.readableBy('stranger'));
    expect(nobody.result).toEqual([]);
    expect(nobody.read).toEqual([]);
    expect(nobody.listed).toBe(0);
  });

  it('follows membership: a withdrawal and a new representative take a cluster away, an auditor and a registrar are given it', async () => {
    const { runner, directory } = instance('one');
    await append('cluster-ka', foundedAs('ka'), runner);
    await append('cluster-kb', foundedAs('kb', ['q1', 'p2', 'q3']), runner);
    await append('cluster-kc', foundedAs('kc', ['q1', 'q2', 'q3']), runner);
    expect(ids(directory.readableBy('p2'))).toEqual(['ka', 'kb']);

    await append('cluster-kb', [{ type: 'MemberWithdrew', data: { memberId: 'm2', withdrawnOn: '2016-01-01', writtenNoticeRef: 'pismo 1' } }], runner);
    expect(ids(directory.readableBy('p2'))).toEqual(['ka']);

    await append('cluster-ka', [{ type: 'RepresentativeChanged', data: { memberId: 'm2', previous: { personId: 'p2', role: 'Prezes' }, representative: { personId: 'n2', role: 'Prezes' }, effectiveAt: '2016-02-01T10:00:00.000Z' } }], runner);
    expect(directory.readableBy('p2')).toEqual([]);
    expect(ids(directory.readableBy('n2'))).toEqual(['ka']);

    await append('cluster-kc', [{ type: 'AuditorAppointed', data: { personId: 'p2', appointedAt: '2016-03-01T10:00:00.000Z' } }], runner);
    await append('cluster-kb', [{ type: 'RegistrarAppointed', data: { personId: 'p2', appointedAt: '2016-03-01T10:00:00.000Z' } }], runner);
    expect(ids(directory.readableBy('p2'))).toEqual(['kb', 'kc']);

    await append('cluster-kc', [{ type: 'AuditorRevoked', data: { personId: 'p2', revokedAt: '2016-04-01T10:00:00.000Z' } }], runner);
    expect(ids(directory.readableBy('p2'))).toEqual(['kb']);
    // One person representing two members of a cluster: withdrawing one leaves the other.
    await append('cluster-ka', [{ type: 'RepresentativeChanged', data: { memberId: 'm3', previous: { personId: 'p3', role: 'Prezes' }, representative: { personId: 'n2', role: 'Prezes' }, effectiveAt: '2016-05-01T10:00:00.000Z' } }], runner);
    await append('cluster-ka', [{ type: 'MemberWithdrew', data: { memberId: 'm2', withdrawnOn: '2016-06-01', writtenNoticeRef: 'pismo 2' } }], runner);
    expect(ids(directory.readableBy('n2'))).toEqual(['ka']);
  });

  it('on a second instance, a cluster joined on the first is found once its read models caught up; a restart keeps the index', async () => {
    const one = instance('one');
    await append('cluster-ka', foundedAs('ka'), one.runner);
    const two = instance('two');
    expect(await two.runner.caughtUp(10_000)).toBe(true);
    expect(ids(await two.directory.readableByCaughtUp('p2'))).toEqual(['ka']);
    expect(await two.directory.readableByCaughtUp('n9', 200)).toEqual([]);

    // Admitted on the first instance; the second one looks again once it has caught up.
    await append('cluster-kb', foundedAs('kb', ['q1', 'n9', 'q3']), one.runner);
    expect(ids(await two.directory.readableByCaughtUp('n9'))).toEqual(['kb']);

    // The second instance restarted: the index is in its file, not in memory.
    await two.runner.stop();
    two.models.close();
    instances.splice(instances.indexOf(instances.find((i) => i.models === two.models)!), 1);
    const again = instance('two');
    const found = reads(again.models, () => again.directory.readableBy('n9'));
    expect(ids(found.result)).toEqual(['kb']);
    expect(found.read).toEqual(['kb']);
  });

  it('the seal schedule gets the clusters that moved since their last seal, and none other', async () => {
    // The clusters' and the schedule's read models only: the meeting event below is a bare stand-in.
    const { models, runner, directory } = instance('one', [clustersReadModel, sealScheduleReadModel]);
    await append('cluster-ka', foundedAs('ka'), runner);
    await append('cluster-kb', foundedAs('kb'), runner);
    expect(await directory.unsealed()).toEqual(['ka', 'kb']);
    const seal = async (clusterId: string) => {
      const through = (await store.headPosition()).toString();
      const r = await store.append(`seals-${clusterId}`, [newEvent('SealRecorded', { clusterId, throughPosition: through } as never)], { expectedRevision: 'any' });
      expect(await runner.waitFor(r.position, 10_000)).toBe(true);
    };
    await seal('ka');
    await seal('kb');
    const none = reads(models, () => directory.unsealed());
    expect(await none.result).toEqual([]);
    // (reads counts the synchronous part; the answer comes from the schedule's terms, never a cluster.)
    expect(none.read).toEqual([]);
    expect(none.listed).toBe(0);
    // A meeting of kb (its stream named inside the cluster) moves kb only.
    const r = await store.append('meeting-kb.zw-1', [newEvent('MeetingConvened', { meetingId: 'kb.zw-1', clusterId: 'kb' } as never)], { expectedRevision: 'any' });
    expect(await runner.waitFor(r.position, 10_000)).toBe(true);
    expect(await directory.unsealed()).toEqual(['kb']);
    await seal('kb');
    expect(await directory.unsealed()).toEqual([]);
  });
});
