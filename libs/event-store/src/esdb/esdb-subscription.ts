import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Filter,
} from '@eventstore/db-client';
import { matchesFilter } from '../port/filter';
import { StoreUnavailable } from '../port/errors';
import type { EventFilter, Subscription, SubscriptionMessage } from '../port/types';
import type { ForwardChainCheck } from '../hash-chain/chain-check';
import { toPortError } from './esdb-errors';
import { toReadPosition, toRecordedEvent } from './esdb-mapping';
import { sharedCommitPosition } from './esdb-reads';

/**
 * A checkpoint or caught-up notice, pushed into the client's subscription stream from inside its
 * transform (the checkpointReached callback and the 'caughtUp' event both run there), so it reaches
 * the `for await` loop in order with the events around it.
 */
export class SubscriptionSignal {
  constructor(
    readonly kind: 'checkpoint' | 'caught_up',
    readonly position?: bigint,
  ) {}
}

/** The narrowest server-side filter ESDB v6 offers; matchesFilter then applies both lists exactly. */
export function serverFilter(filter: EventFilter | undefined, checkpointReached: NonNullable<Filter['checkpointReached']>): Filter {
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes, checkpointReached });
  // Prefixes of the wanted types: a superset the client-side check narrows to exact names.
  if (filter?.eventTypes?.length) return eventTypeFilter({ prefixes: filter.eventTypes, checkpointReached });
  return excludeSystemEvents({ checkpointReached });
}

/** Turns what the client yields into port messages: exclusive start, no duplicates, checkpoints never going back. */
export class SubscriptionTranslator {
  private lastEvent: bigint;
  private lastEventId: string | undefined;
  private lastReported: bigint;
  private caughtUp = false;

  constructor(
    fromPosition: bigint,
    private readonly filter?: EventFilter,
  ) {
    this.lastEvent = fromPosition;
    this.lastReported = fromPosition;
  }

  translate(item: AllStreamResolvedEvent | SubscriptionSignal): SubscriptionMessage | undefined {
    if (item instanceof SubscriptionSignal) {
      if (item.kind === 'caught_up') {
        if (this.caughtUp) return undefined;
        this.caughtUp = true;
        this.lastReported = this.lastEvent > this.lastReported ? this.lastEvent : this.lastReported;
        return { kind: 'caught_up', position: this.lastReported };
      }
      const position = item.position ?? 0n;
      if (position <= this.lastReported) return undefined;
      this.lastReported = position;
      return { kind: 'checkpoint', position };
    }
    const event = toRecordedEvent(item);
    if (!event) return undefined;
    // Events of a legacy explicit transaction share one commit position: refused, not all but one dropped.
    const shared = sharedCommitPosition(event.position, event.id, this.lastEventId === undefined ? undefined : { position: this.lastEvent, eventId: this.lastEventId });
    if (shared) throw shared;
    if (event.position <= this.lastEvent) return undefined;
    this.lastEvent = event.position;
    this.lastEventId = event.id;
    if (!matchesFilter(this.filter, event.streamId, event.type)) return undefined;
    this.lastReported = event.position;
    return { kind: 'event', event };
  }
}

export interface EsdbSubscriptionOptions {
  client: EventStoreDBClient;
  /** Resolves once the server is known to send what the subscription relies on ("caught up"); rejects otherwise. */
  ready?: () => Promise<void>;
  fromPosition: bigint;
  filter?: EventFilter;
  /** Checks each event's hash and link as it is delivered: a damaged one ends the subscription with DamagedEvent. */
  chain?: ForwardChainCheck;
  onEnd: () => void;
}

/**
 * A catch-up subscription to $all. ESDB does the catch-up/live switch itself; there is no automatic
 * resubscription, so a dropped connection ends the iteration with StoreUnavailable and the runner
 * resubscribes from its last checkpoint.
 */
export class EsdbSubscription implements Subscription {
  private stopped = false;
  private failure: unknown;
  private released: Promise<void> | undefined;
  private source: AllStreamSubscription | undefined;
  /** The client's subscription, opened as soon as the server is known to be supported (undefined if stopped first). */
  private readonly opened: Promise<AllStreamSubscription | undefined>;
  private readonly iterator: AsyncGenerator<SubscriptionMessage>;

  constructor(private readonly options: EsdbSubscriptionOptions) {
    // Catching up starts now, not at the first next(), as before the server check existed.
    this.opened = (async () => {
      await options.ready?.();
      if (this.stopped) return undefined;
      return (this.source = this.open());
    })();
    // The failure is rethrown by the iteration; nobody iterating must not crash the process.
    this.opened.catch(() => undefined);
    this.iterator = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.iterator;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.release();
  }

  /** Subscribes to $all from the start position, signals and errors wired in. */
  private open(): AllStreamSubscription {
    const source = this.options.client.subscribeToAll({
      // The server skips the event at this position itself: subscriptions are exclusive, like the port.
      fromPosition: toReadPosition(this.options.fromPosition),
      filter: serverFilter(this.options.filter, (subscription, position) => {
        subscription.push(new SubscriptionSignal('checkpoint', BigInt(position.commit)));
      }),
    });
    source.on('caughtUp', () => source.push(new SubscriptionSignal('caught_up')));
    // Without a listener an error emitted before iteration starts would crash the process. The client
    // re-emits the call's error on its stream, which unpipes the call, so the stream would never end:
    // end it, so an iteration that starts later reads what had arrived and then fails with this error.
    source.on('error', (error) => {
      this.failure ??= error;
      source.push(null);
    });
    return source;
  }

  private async *run(): AsyncGenerator<SubscriptionMessage> {
    const translator = new SubscriptionTranslator(this.options.fromPosition, this.options.filter);
    try {
      const source = await this.opened;
      if (!source || this.stopped) return;
      for await (const item of source as AsyncIterable<AllStreamResolvedEvent | SubscriptionSignal>) {
        if (this.stopped) return;
        const message = translator.translate(item);
        if (message?.kind === 'event') await this.options.chain?.check(message.event);
        if (message) yield message;
      }
      if (this.stopped) return;
      throw this.failure !== undefined ? toPortError(this.failure) : new StoreUnavailable('The EventStoreDB subscription ended');
    } catch (error) {
      // Cancelling the call or destroying the stream on stop() surfaces here; a stop is a clean end.
      if (this.stopped) return;
      throw toPortError(error);
    } finally {
      await this.release();
    }
  }

  /** Cancels the gRPC call (unsubscribe) and destroys the stream so a pending `for await` ends; runs once. */
  private release(): Promise<void> {
    this.released ??= (async () => {
      const source = this.source;
      if (source) {
        try {
          await source.unsubscribe();
        } catch {
          // The call may never have started (no connection); there is nothing left to cancel.
        }
        source.destroy();
      }
      this.options.onEnd();
    })();
    return this.released;
  }
}
