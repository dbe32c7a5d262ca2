import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@klaster/event-store';
import type { Decider } from '@klaster/domain';
import { executeOnStream } from '../command-handling/execute-on-stream';
import { ReactorCheckpoints } from './reactor-checkpoints';
import { ReactorRunner } from './reactor-runner';
import { reactionOptions, type Reaction } from './reaction';

/** A register that numbers each closed thing once: asked again, it writes nothing (as the resolution register does). */
type Numbered = { type: 'Numbered'; data: { thing: string; number: number } };
const register: Decider<string[], { thing: string }, Numbered> = {
  initialState: () => [],
  decide: (c, things) => (things.includes(c.thing) ? [] : [{ type: 'Numbered', data: { thing: c.thing, number: things.length + 1 } }]),
  evolve: (things, e) => [...things, e.data.thing],
};
const numberClosed: Reaction = {
  name: 'number-closed',
  triggers: ['Closed'],
  async react(event: RecordedEvent, store) {
    return [await executeOnStream(store, register, (type, data) => ({ type, data }) as Numbered, 'register', { thing: event.streamId }, reactionOptions(this, event))];
  },
};

/** Two server instances' reactors on one log, each with its own checkpoint (its own data folder). */
describe('ReactorRunner, two instances on one log', () => {
  let dir: string;
  let store: SqliteEventStore;
  const runners: ReactorRunner[] = [];
  const checkpoints: ReactorCheckpoints[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-reactors-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    for (const c of checkpoints.splice(0)) c.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const instance = (name: string) => {
    const c = new ReactorCheckpoints(join(dir, `${name}-reactors.sqlite`));
    checkpoints.push(c);
    const runner = new ReactorRunner(store, c, [numberClosed]);
    runners.push(runner);
    return runner;
  };

  it("answers a command with its consequence even when the other instance's reactor wrote it", async () => {
    const result = await store.append('thing-1', [{ id: crypto.randomUUID(), type: 'Closed', data: {}, metadata: { actor: 'p1', correlationId: 'c1', causationId: 'c1' } }], { expectedRevision: 'no_stream' });
    const closed = { streamId: 'thing-1', revision: 0n, position: result.position, events: [{ type: 'Closed', data: {} }] };

    const a = instance('a');
    a.start();
    const byA = await a.consequencesOf(closed, 30_000);
    expect(byA).toMatchObject({ settled: true, outcomes: [{ streamId: 'register', events: [{ type: 'Numbered', data: { thing: 'thing-1', number: 1 } }] }] });

    // B took the command (say) and reacts to the same event second: its command writes nothing new…
    const b = instance('b');
    b.start();
    const byB = await b.consequencesOf(closed, 30_000);
    // …yet its answer names the number A's reactor wrote, not an empty list.
    expect(byB).toEqual(byA);
    const written: RecordedEvent[] = [];
    for await (const e of store.readStream('register')) written.push(e);
    expect(written).toHaveLength(1);
  });
});
