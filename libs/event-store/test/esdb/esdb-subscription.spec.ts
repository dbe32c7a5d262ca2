import { Transform } from 'node:stream';
import { UnavailableError, type AllStreamResolvedEvent, type EventStoreDBClient, type Filter } from '@eventstore/db-client';
import { StoreUnavailable, UnsupportedServer, type SubscriptionMessage } from '../../src';
import { EsdbSubscription, serverFilter, SubscriptionSignal, SubscriptionTranslator } from '../../src/esdb/esdb-subscription';
import { collect } from '../contract/fixtures';

function stored(streamId: string, position: bigint, type = 'Happened'): AllStreamResolvedEvent {
  return {
    event: {
      streamId, id: `id-${position}`, revision: 0n, type, data: {}, metadata: { hash: 'h', prevHash: null },
      isJson: true, created: new Date(), position: { commit: position, prepare: position },
    },
    commitPosition: position,
  } as AllStreamResolvedEvent;
}

const summary = (m: SubscriptionMessage | undefined) =>
  m === undefined ? undefined : m.kind === 'event' ? `event@${m.event.position}` : `${m.kind}@${m.position}`;

describe('serverFilter', () => {
  const onCheckpoint = () => undefined;

  it('filters on stream prefixes when given, else on event types, else excludes system events', () => {
    expect(serverFilter({ streamPrefixes: ['meeting-'], eventTypes: ['Opened'] }, onCheckpoint)).toMatchObject({ filterOn: 'streamName', prefixes: ['meeting-'] });
    expect(serverFilter({ eventTypes: ['Opened'] }, onCheckpoint)).toMatchObject({ filterOn: 'eventType', prefixes: ['Opened'] });
    expect(serverFilter(undefined, onCheckpoint)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(serverFilter({ streamPrefixes: [] }, onCheckpoint)).toMatchObject({ regex: '^[^$].*' });
  });

  it('always asks for checkpoints', () => {
    expect(serverFilter(undefined, onCheckpoint).checkpointReached).toBe(onCheckpoint);
  });
});

describe('SubscriptionTranslator', () => {
  it('delivers matching events, drops system events, the start position and repeats', () => {
    const t = new SubscriptionTranslator(100n, { streamPrefixes: ['m-'] });
    expect(summary(t.translate(stored('m-1', 100n)))).toBeUndefined();
    expect(summary(t.translate(stored('m-1', 110n)))).toBe('event@110');
    expect(summary(t.translate(stored('m-1', 110n)))).toBeUndefined();
    expect(summary(t.translate(stored('$stats', 120n)))).toBeUndefined();
    expect(summary(t.translate(stored('other', 130n)))).toBeUndefined();
    expect(summary(t.translate({ commitPosition: 140n }))).toBeUndefined();
  });

  it('applies both filter lists exactly, even where the server only matched prefixes', () => {
    const t = new SubscriptionTranslator(0n, { streamPrefixes: ['m-'], eventTypes: ['Opened'] });
    expect(summary(t.translate(stored('m-1', 10n, 'OpenedLate')))).toBeUndefined();
    expect(summary(t.translate(stored('m-1', 20n, 'Opened')))).toBe('event@20');
  });

  it('reports checkpoints only when they move forward, and caught-up once at the last position seen', () => {
    const t = new SubscriptionTranslator(0n, { streamPrefixes: ['m-'] });
    expect(summary(t.translate(stored('m-1', 50n)))).toBe('event@50');
    expect(summary(t.translate(new SubscriptionSignal('checkpoint', 40n)))).toBeUndefined();
    expect(summary(t.translate(new SubscriptionSignal('checkpoint', 50n)))).toBeUndefined();
    expect(summary(t.translate(new SubscriptionSignal('checkpoint', 80n)))).toBe('checkpoint@80');
    expect(summary(t.translate(stored('x-1', 90n)))).toBeUndefined();
    expect(summary(t.translate(new SubscriptionSignal('caught_up')))).toBe('caught_up@90');
    expect(summary(t.translate(new SubscriptionSignal('caught_up')))).toBeUndefined();
  });

  it('refuses a second event at the same commit position (a legacy explicit transaction) rather than dropping it', () => {
    const t = new SubscriptionTranslator(0n, { streamPrefixes: ['m-'] });
    expect(summary(t.translate(stored('m-1', 10n)))).toBe('event@10');
    // The same record again (a repeat) is dropped quietly; another event at its position is refused.
    expect(summary(t.translate(stored('m-1', 10n)))).toBeUndefined();
    const other = { ...stored('m-1', 10n), event: { ...stored('m-1', 10n).event!, id: 'another' } } as AllStreamResolvedEvent;
    expect(() => t.translate(other)).toThrow(/id-10 and another share commit position 10/);
  });

  it('reports caught-up at the start position when nothing came before it', () => {
    expect(summary(new SubscriptionTranslator(300n).translate(new SubscriptionSignal('caught_up')))).toBe('caught_up@300');
  });
});

/** Mimics the client's Subscription: a Transform that emits caughtUp and awaits checkpointReached inside _transform. */
class FakeClientSubscription extends Transform {
  readonly unsubscribe = jest.fn(async () => void this.end());
  constructor(private readonly esdbFilter: Filter) {
    super({ objectMode: true });
  }
  override async _transform(message: { event?: AllStreamResolvedEvent; checkpoint?: bigint; caughtUp?: true }, _: unknown, next: (e?: Error | null, v?: unknown) => void) {
    if (message.caughtUp) this.emit('caughtUp');
    if (message.checkpoint !== undefined) await this.esdbFilter.checkpointReached?.(this as never, { commit: message.checkpoint, prepare: message.checkpoint });
    if (message.event) return next(null, message.event);
    next();
  }
}

/**
 * A subscription over a fake client subscription. `opened` resolves with the client's subscription once
 * the adapter has subscribed (after the server check), so a test awaits that instead of a pause.
 */
function subscribe(fromPosition = 0n, ready?: () => Promise<void>) {
  let subscribed!: (source: FakeClientSubscription) => void;
  const opened = new Promise<FakeClientSubscription>((resolve) => (subscribed = resolve));
  const client = {
    subscribeToAll: jest.fn((options: { filter: Filter }) => {
      const source = new FakeClientSubscription(options.filter);
      subscribed(source);
      return source;
    }),
  } as unknown as EventStoreDBClient;
  const onEnd = jest.fn();
  const subscription = new EsdbSubscription({ client, ready, fromPosition, filter: { streamPrefixes: ['m-'] }, onEnd });
  return { subscription, opened, onEnd, client };
}

describe('EsdbSubscription', () => {
  it('subscribes from the position as the client expects it, with a server-side filter, before anyone iterates', async () => {
    const { client, opened } = subscribe(500n);
    await opened;
    expect(client.subscribeToAll).toHaveBeenCalledWith({
      fromPosition: { commit: 500n, prepare: 500n },
      filter: expect.objectContaining({ filterOn: 'streamName', prefixes: ['m-'] }),
    });
  });

  it('keeps checkpoints and caught-up in order with the events around them', async () => {
    const { subscription, opened } = subscribe();
    const source = await opened;
    source.write({ event: stored('m-1', 10n) });
    source.write({ checkpoint: 40n });
    source.write({ caughtUp: true });
    source.write({ event: stored('m-2', 50n) });
    const seen: string[] = [];
    for await (const message of subscription) {
      seen.push(summary(message)!);
      if (seen.length === 4) break;
    }
    expect(seen).toEqual(['event@10', 'checkpoint@40', 'caught_up@40', 'event@50']);
  });

  /** Iterates the subscription in the background: what it saw, a signal at the first message, and its end. */
  const iterate = (subscription: AsyncIterable<SubscriptionMessage>) => {
    const seen: SubscriptionMessage[] = [];
    let first!: () => void;
    const firstSeen = new Promise<void>((resolve) => (first = resolve));
    const done = (async () => {
      for await (const message of subscription) {
        seen.push(message);
        first();
      }
    })();
    return { seen, firstSeen, done };
  };

  it('stop() ends a pending iteration cleanly, unsubscribes once and deregisters', async () => {
    const { subscription, opened, onEnd } = subscribe();
    const source = await opened;
    const { seen, firstSeen, done } = iterate(subscription);
    source.write({ event: stored('m-1', 10n) });
    // The loop now waits for a message that never comes: stop() must end it.
    await firstSeen;
    await subscription.stop();
    await done;
    expect(seen).toHaveLength(1);
    expect(source.unsubscribe).toHaveBeenCalledTimes(1);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('ends cleanly when stop() destroys the stream before the cancelled call has ended it', async () => {
    const { subscription, opened } = subscribe();
    const source = await opened;
    // The client's unsubscribe resolves once it has cancelled the call; the call's end reaches the stream later.
    source.unsubscribe.mockImplementation(async () => undefined);
    const { seen, firstSeen, done } = iterate(subscription);
    source.write({ event: stored('m-1', 10n) });
    await firstSeen;
    await subscription.stop();
    await expect(done).resolves.toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('ends with StoreUnavailable when the connection drops, so the runner resubscribes', async () => {
    const { subscription, opened, onEnd } = subscribe();
    const source = await opened;
    source.write({ event: stored('m-1', 10n) });
    const seen: SubscriptionMessage[] = [];
    await expect(
      (async () => {
        for await (const message of subscription) {
          seen.push(message);
          // The connection drops once the first event has been delivered.
          source.emit('error', new UnavailableError(undefined, 'socket closed'));
        }
      })(),
    ).rejects.toBeInstanceOf(StoreUnavailable);
    expect(seen).toHaveLength(1);
    expect(onEnd).toHaveBeenCalled();
  });

  it('treats a server that ends the subscription on its own as unavailable too', async () => {
    const { subscription, opened } = subscribe();
    (await opened).end();
    await expect((async () => { for await (const _ of subscription) void _; })()).rejects.toBeInstanceOf(StoreUnavailable);
  });

  it('does not subscribe to a server that cannot say "caught up": the iteration fails with its reason', async () => {
    const tooOld = new UnsupportedServer('EventStoreDB 23.6.0 is too old');
    const { subscription, client, onEnd } = subscribe(0n, () => Promise.reject(tooOld));
    await expect((async () => { for await (const _ of subscription) void _; })()).rejects.toBe(tooOld);
    expect(client.subscribeToAll).not.toHaveBeenCalled();
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('subscribes only once the server check has passed, and not at all if stopped meanwhile', async () => {
    let pass!: () => void;
    let asked!: () => void;
    const checking = new Promise<void>((resolve) => (asked = resolve));
    const { subscription, client, onEnd } = subscribe(0n, () => {
      asked();
      return new Promise<void>((resolve) => (pass = resolve));
    });
    await checking;
    expect(client.subscribeToAll).not.toHaveBeenCalled();
    await subscription.stop();
    pass();
    // The iteration waits for the check to settle, then ends without a subscription.
    await expect(collect(subscription)).resolves.toEqual([]);
    expect(client.subscribeToAll).not.toHaveBeenCalled();
    expect(onEnd).toHaveBeenCalledTimes(1);
  });
});
