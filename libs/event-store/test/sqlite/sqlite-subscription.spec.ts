import { EventEmitter } from 'node:events';
import { ForwardChainCheck } from '../../src/hash-chain/chain-check';
import { sealEvents, type ChainHead } from '../../src/hash-chain/seal';
import { COL, type EventRow } from '../../src/sqlite/rows';
import { SqliteSubscription } from '../../src/sqlite/sqlite-subscription';
import { DamagedEvent, type EventFilter, type SubscriptionMessage } from '../../src';
import { newEvent } from '../contract/fixtures';

/**
 * The embedded store's subscription on its own, over rows held in memory: every step is pulled by hand
 * (iterator.next()), and "a commit" is the emitter's signal, so what it delivers, when it says caught up
 * or reports a checkpoint, and what it lets go of when it ends are seen without any timing.
 */
class MemoryLog {
  readonly rows: EventRow[] = [];
  readonly commits = new EventEmitter();
  private readonly heads = new Map<string, ChainHead>();

  add(streamId: string, ...types: string[]): void {
    const sealed = sealEvents(streamId, types.map((t) => newEvent(t)), this.heads.get(streamId), '2026-01-01T00:00:00.000Z');
    for (const s of sealed) {
      this.rows.push([BigInt(this.rows.length + 1), s.event.id, streamId, s.revision, s.event.type, s.dataText, JSON.stringify(s.metadata), s.prevHash, s.hash]);
      this.heads.set(streamId, { revision: s.revision, hash: s.hash });
    }
  }

  /** Adds events and signals the commit, as group commit does. */
  commit(streamId: string, ...types: string[]): void {
    this.add(streamId, ...types);
    this.commits.emit('commit', BigInt(this.rows.length));
  }

  subscribe(options: { fromPosition?: bigint; filter?: EventFilter; pageSize?: number } = {}) {
    const watcher = { retain: jest.fn(), release: jest.fn() };
    const onEnd = jest.fn();
    const pageSize = options.pageSize ?? 100;
    const subscription = new SqliteSubscription({
      fromPosition: options.fromPosition ?? 0n,
      filter: options.filter,
      pageSize,
      readPageAfter: (after) => this.rows.filter((r) => r[COL.position] > after).slice(0, pageSize),
      chain: new ForwardChainCheck((streamId, revision) => {
        const row = this.rows.find((r) => r[COL.streamId] === streamId && r[COL.revision] === revision);
        return row && { revision: row[COL.revision], hash: row[COL.hash] };
      }),
      commits: this.commits,
      watcher,
      onEnd,
    });
    return { subscription, iterator: subscription[Symbol.asyncIterator](), watcher, onEnd };
  }
}

/** A message as compared here: its kind and position. */
async function step(iterator: AsyncIterator<SubscriptionMessage>): Promise<[string, bigint] | 'done'> {
  const next = await iterator.next();
  if (next.done) return 'done';
  const message = next.value;
  return [message.kind, message.kind === 'event' ? message.event.position : message.position];
}

async function steps(iterator: AsyncIterator<SubscriptionMessage>, count: number): Promise<([string, bigint] | 'done')[]> {
  const out: ([string, bigint] | 'done')[] = [];
  for (let i = 0; i < count; i++) out.push(await step(iterator));
  return out;
}

describe('SqliteSubscription', () => {
  it('catches up page by page, a last page exactly full included, and says caught up once at the last position', async () => {
    const log = new MemoryLog();
    log.add('a', 'T', 'T', 'T', 'T');
    const { subscription, iterator } = log.subscribe({ pageSize: 2 });
    expect(await steps(iterator, 5)).toEqual([['event', 1n], ['event', 2n], ['event', 3n], ['event', 4n], ['caught_up', 4n]]);
    await subscription.stop();
    expect(await step(iterator)).toBe('done');
  });

  it('starts after its position, and says caught up (no checkpoint) when nothing follows it', async () => {
    const log = new MemoryLog();
    log.add('a', 'T', 'T', 'T');
    const { subscription, iterator } = log.subscribe({ fromPosition: 3n });
    expect(await step(iterator)).toEqual(['caught_up', 3n]);
    log.commit('a', 'T');
    expect(await step(iterator)).toEqual(['event', 4n]);
    await subscription.stop();
  });

  it('reports a checkpoint past filtered-out events that end a page, and none after a page that ends with a delivered event', async () => {
    const log = new MemoryLog();
    log.add('a', 'Wanted', 'Other');
    const { subscription, iterator } = log.subscribe({ filter: { eventTypes: ['Wanted'] } });
    expect(await steps(iterator, 3)).toEqual([['event', 1n], ['checkpoint', 2n], ['caught_up', 2n]]);
    log.commit('a', 'Other', 'Wanted');
    expect(await step(iterator)).toEqual(['event', 4n]);
    log.commit('a', 'Wanted');
    expect(await step(iterator)).toEqual(['event', 5n]);
    log.commit('b', 'Other');
    expect(await step(iterator)).toEqual(['checkpoint', 6n]);
    await subscription.stop();
  });

  it('goes live: waits for a commit and delivers what it wrote', async () => {
    const log = new MemoryLog();
    const { subscription, iterator } = log.subscribe();
    expect(await step(iterator)).toEqual(['caught_up', 0n]);
    const waiting = step(iterator);
    log.commit('a', 'T', 'T');
    expect(await waiting).toEqual(['event', 1n]);
    expect(await step(iterator)).toEqual(['event', 2n]);
    await subscription.stop();
  });

  it('does not miss a commit signalled while its consumer was busy with the last message', async () => {
    const log = new MemoryLog();
    log.add('a', 'T');
    const { subscription, iterator } = log.subscribe();
    expect(await steps(iterator, 2)).toEqual([['event', 1n], ['caught_up', 1n]]);
    // The commit lands before the consumer asks for more: the subscription has not started waiting yet.
    log.commit('a', 'T');
    expect(await step(iterator)).toEqual(['event', 2n]);
    await subscription.stop();
  });

  it('ends when stopped while it waits, letting go of its commit listener, the watcher and the store’s record exactly once', async () => {
    const log = new MemoryLog();
    const before = log.commits.listenerCount('commit');
    const { subscription, iterator, watcher, onEnd } = log.subscribe();
    expect(log.commits.listenerCount('commit')).toBe(before + 1);
    expect(watcher.retain).toHaveBeenCalledTimes(1);
    expect(await step(iterator)).toEqual(['caught_up', 0n]);
    const waiting = step(iterator);
    await subscription.stop();
    expect(await waiting).toBe('done');
    await subscription.stop();
    expect(log.commits.listenerCount('commit')).toBe(before);
    expect(watcher.release).toHaveBeenCalledTimes(1);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('ends when stopped by a consumer that goes on iterating after caught up', async () => {
    const log = new MemoryLog();
    log.add('a', 'T');
    const { subscription, iterator, onEnd } = log.subscribe();
    expect(await steps(iterator, 2)).toEqual([['event', 1n], ['caught_up', 1n]]);
    await subscription.stop();
    expect(await step(iterator)).toBe('done');
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('ends when stopped while its consumer handles an event, without delivering the rest of the page', async () => {
    const log = new MemoryLog();
    log.add('a', 'T', 'T', 'T');
    const { subscription, iterator } = log.subscribe();
    expect(await step(iterator)).toEqual(['event', 1n]);
    await subscription.stop();
    expect(await step(iterator)).toBe('done');
  });

  it('lets go of everything when its consumer breaks out of the loop without stopping it', async () => {
    const log = new MemoryLog();
    log.add('a', 'T', 'T');
    const { subscription, watcher, onEnd } = log.subscribe();
    for await (const message of subscription) {
      expect(message.kind).toBe('event');
      break;
    }
    expect(log.commits.listenerCount('commit')).toBe(0);
    expect(watcher.release).toHaveBeenCalledTimes(1);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('ends with DamagedEvent at a damaged event, having delivered the ones before, and lets go of everything', async () => {
    const log = new MemoryLog();
    log.add('a', 'T', 'T');
    log.rows[1][COL.data] = '{"n":2}';
    const { iterator, watcher, onEnd } = log.subscribe();
    expect(await step(iterator)).toEqual(['event', 1n]);
    await expect(iterator.next()).rejects.toBeInstanceOf(DamagedEvent);
    expect(log.commits.listenerCount('commit')).toBe(0);
    expect(watcher.release).toHaveBeenCalledTimes(1);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });
});
