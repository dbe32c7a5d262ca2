import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clusterDecider,
  electionDecider,
  groupDecider,
  meetingDecider,
  parseClusterEvent,
  parseElectionEvent,
  parseGroupEvent,
  parseMeetingEvent,
  parseResolutionRegisterEvent,
  readersOf,
  resolutionRegisterDecider,
  type ClusterState,
} from '@klaster/domain';
import { SqliteEventStore } from '@klaster/event-store';
import { load } from '../../../apps/server/src/command-handling/execute-on-stream';
import { ProjectionRunner, READ_MODELS_CHECKPOINT, ReadModelStore, ReadModelsInUse, UNSEALED, readModels, rebuildReadModels, type AggregateDoc, type Projection } from '../src';
import { newEvents } from '../../event-store/test/contract/fixtures';
import { RandomGovernance, seededRandom } from './random-governance';
import { tamperWithEvent } from '../../event-store/test/support/tamper';

/**
 * The scenario's thousands of appends each fsync the log; in memory (tmpfs) that costs nothing, and
 * durability is not what this test is about.
 */
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** Set SCENARIO_SEED to replay a failing run. */
const SEED = Number(process.env.SCENARIO_SEED ?? 20_260_512);

/** Each aggregate read model and the stream it folds, to check a document against the aggregate's own fold. */
const folds = {
  clusters: { prefix: 'cluster-', decider: clusterDecider, parse: parseClusterEvent },
  meetings: { prefix: 'meeting-', decider: meetingDecider, parse: parseMeetingEvent },
  groups: { prefix: 'group-', decider: groupDecider, parse: parseGroupEvent },
  elections: { prefix: 'election-', decider: electionDecider, parse: parseElectionEvent },
  resolutions: { prefix: 'resolutions-', decider: resolutionRegisterDecider, parse: parseResolutionRegisterEvent },
} as const;

describe('projections rebuild', () => {
  let dir: string;
  let store: SqliteEventStore;
  const opened: ReadModelStore[] = [];
  const open = (name: string, options?: { exclusive?: boolean }) => {
    const models = new ReadModelStore(join(dir, name), options);
    opened.push(models);
    return models;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(scratch, 'klaster-rebuild-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    for (const m of opened.splice(0)) m.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`yields exactly the read models the incremental runner kept over a long random scenario (seed ${SEED})`, async () => {
    const live = open('read-models.sqlite');
    const errors: unknown[] = [];
    const runner = () => new ProjectionRunner(store, live, readModels, { batchSize: 50, retryDelayMs: 5, onError: (e) => errors.push(e) });
    const scenario = new RandomGovernance(store, seededRandom(SEED));

    // Part of the log exists before the runner starts: it catches up in batches, then follows live,
    // is stopped (a server restart) while commands go on, and resumes from its checkpoint.
    await scenario.run(600);
    const first = runner();
    first.start();
    await scenario.run(1_400);
    await first.stop();
    await scenario.run(300);
    const second = runner();
    second.start();
    await scenario.run(1_700);
    expect(await second.caughtUp(15_000)).toBe(true);
    await second.stop();
    expect(errors).toEqual([]);

    // The scenario did what it set out to do (and the domain refused some of it).
    const { accepted, rejected } = scenario.stats;
    if (process.env.SCN_DEBUG) console.log(JSON.stringify(scenario.stats));
    const expected = ['FoundCluster', 'AdmitMember', 'WithdrawMember', 'ChangeRepresentative', 'ConveneMeeting', 'OpenMeeting', 'RecordAttendance', 'RegisterProxy', 'OpenVote', 'CastBallot', 'CorrectBallot', 'CloseVote', 'CloseMeeting', 'ProposeAmendment', 'RequestGroup', 'JoinGroup', 'LeaveGroup', 'AppointGroupLeader', 'AddTask', 'CompleteTask', 'CallElection', 'NominateCandidate', 'AcceptNomination', 'OpenRound', 'CastElectionBallot', 'CloseRound'];
    expect(expected.filter((type) => !accepted[type])).toEqual([]);
    // Elected leaders were installed: by the reactor, as a consequence of LeaderElected.
    let installed = 0;
    for await (const e of store.readAll({ filter: { eventTypes: ['CoordinatorAppointed'] } })) if ((e.data as { electionId?: string }).electionId) installed++;
    expect(installed).toBeGreaterThan(0);
    expect(accepted.CastBallot).toBeGreaterThan(300);
    expect(accepted.CloseVote).toBeGreaterThan(30);
    expect(Object.values(rejected).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);

    const head = await store.headPosition();
    expect(live.checkpoint(READ_MODELS_CHECKPOINT)).toBe(head);

    const rebuilt = open('rebuilt.sqlite', { exclusive: true });
    const result = await rebuildReadModels(store, rebuilt);
    expect(result.position).toBe(head);
    expect(rebuilt.checkpoint(READ_MODELS_CHECKPOINT)).toBe(live.checkpoint(READ_MODELS_CHECKPOINT));
    expect(live.collections()).toEqual(['clusters', 'elections', 'groups', 'meetings', 'participants', 'resolutions', 'seal-schedule']);
    expect(rebuilt.collections()).toEqual(live.collections());
    for (const collection of live.collections()) {
      const documents = live.all(collection);
      expect(documents.length).toBeGreaterThan(0);
      expect(rebuilt.all(collection)).toStrictEqual(documents);
    }

    // The index of readers (who may read which cluster) is exactly what each cluster's state says, in both.
    const readable = new Map<string, string[]>();
    for (const { key, doc } of live.all<AggregateDoc<ClusterState>>('clusters')) for (const person of readersOf(doc.state)) readable.set(person, [...(readable.get(person) ?? []), key]);
    expect(readable.size).toBeGreaterThan(10);
    for (const [person, keys] of readable) {
      expect({ person, keys: live.keysWithTerm('clusters', person) }).toEqual({ person, keys: keys.sort() });
      expect(rebuilt.keysWithTerm('clusters', person)).toEqual(keys);
    }
    expect(rebuilt.keysWithTerm('seal-schedule', UNSEALED)).toEqual(live.keysWithTerm('seal-schedule', UNSEALED));
    expect(live.keysWithTerm('seal-schedule', UNSEALED)).toEqual(live.all('clusters').map((d) => d.key));

    // Both agree with the aggregates' own folds of their streams, not merely with each other.
    for (const [collection, { prefix, decider, parse }] of Object.entries(folds)) {
      for (const { key, doc } of live.all<AggregateDoc<unknown>>(collection)) {
        const folded = await load(store, decider as never, parse as never, `${prefix}${key}`);
        expect({ key, state: doc.state, revision: doc.revision }).toEqual({ key, state: folded.state, revision: folded.revision });
      }
    }

    // Rebuilding in place drops whatever was there (a stale document, a checkpoint ahead of the log).
    live.commit(READ_MODELS_CHECKPOINT, head + 1_000n, [{ collection: 'stale', key: 'x', clusterId: null, doc: { left: 'over' } }]);
    await rebuildReadModels(store, live);
    expect(live.collections()).toEqual(rebuilt.collections());
    expect(live.checkpoint(READ_MODELS_CHECKPOINT)).toBe(head);
    for (const collection of rebuilt.collections()) expect(live.all(collection)).toStrictEqual(rebuilt.all(collection));
  });

  it('marks the same damaged documents as the runner, and agrees on every other document', async () => {
    const scenario = new RandomGovernance(store, seededRandom(SEED + 1));
    await scenario.run(500);
    // A meeting's event in the middle of the log: its bytes no longer match its hash.
    let target: { streamId: string; revision: bigint } | undefined;
    for await (const e of store.readAll()) if (e.streamId.startsWith('meeting-') && e.revision === 2n) target ??= e;
    const { position } = tamperWithEvent(join(dir, 'events.sqlite'), target!.streamId, target!.revision, '{"tampered":true}');
    await scenario.run(200);

    const live = open('read-models.sqlite');
    const runner = new ProjectionRunner(store, live, readModels, { batchSize: 50, retryDelayMs: 5 });
    runner.start();
    expect(await runner.caughtUp(15_000)).toBe(true);
    await runner.stop();
    const rebuilt = open('rebuilt.sqlite', { exclusive: true });
    const result = await rebuildReadModels(store, rebuilt);

    const key = target!.streamId.slice('meeting-'.length);
    // The meeting's document, and the meeting's entry in who-acted-where (the participants read model).
    expect(live.damages()).toEqual([
      expect.objectContaining({ collection: 'meetings', key, position, revision: 2n }),
      expect.objectContaining({ collection: 'participants', key: target!.streamId, position, revision: 2n }),
    ]);
    expect(result.damaged).toEqual(live.damages());
    expect(rebuilt.checkpoint(READ_MODELS_CHECKPOINT)).toBe(live.checkpoint(READ_MODELS_CHECKPOINT));
    for (const collection of live.collections()) expect(rebuilt.all(collection)).toStrictEqual(live.all(collection));
    expect(live.get<AggregateDoc<unknown>>('meetings', key)!.revision).toBe(1n);
  });

  it('refuses read models another connection has open (a running server), and takes them once they are free', () => {
    const server = open('read-models.sqlite');
    expect(() => new ReadModelStore(join(dir, 'read-models.sqlite'), { exclusive: true })).toThrow(ReadModelsInUse);
    server.close();
    opened.splice(opened.indexOf(server), 1);
    const cli = open('read-models.sqlite', { exclusive: true });
    // While the rebuild holds them, nobody else gets in.
    expect(() => new ReadModelStore(join(dir, 'read-models.sqlite'), { exclusive: true })).toThrow(ReadModelsInUse);
    expect(cli.collections()).toEqual([]);
  });

  it("writes the runner's checkpoint: a server started afterwards only applies what follows", async () => {
    await store.append('s-1', newEvents(250), { expectedRevision: 'no_stream' });
    const counting: Projection<{ n: number }> = {
      collection: 'counts',
      keyOf: () => 'all',
      apply: (doc) => ({ n: (doc?.n ?? 0) + 1 }),
      clusterIdOf: () => null,
    };
    const models = open('read-models.sqlite');
    const result = await rebuildReadModels(store, models, [counting], { batchSize: 64 });
    expect(result).toMatchObject({ events: 250, position: await store.headPosition() });
    await store.append('s-1', newEvents(30), { expectedRevision: 249n });
    const runner = new ProjectionRunner(store, models, [counting]);
    runner.start();
    expect(await runner.caughtUp(10_000)).toBe(true);
    await runner.stop();
    expect(models.get('counts', 'all')).toEqual({ n: 280 });
  });

  it('rebuilds nothing from an empty log, and leaves no checkpoint', async () => {
    const models = open('read-models.sqlite');
    expect(await rebuildReadModels(store, models)).toMatchObject({ events: 0, position: undefined });
    expect(models.checkpoint(READ_MODELS_CHECKPOINT)).toBeUndefined();
    expect(models.collections()).toEqual([]);
  });
});
