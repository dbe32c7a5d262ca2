import { BACKWARDS, END, FORWARDS, NO_STREAM, EventStoreDBClient, type EventData } from '@eventstore/db-client';
import { StoreUnavailable, WrongExpectedVersion } from '../port/errors';
import { placesOfRetry, retriedAtSlot, retriedAtTail } from '../port/retried-append';
import { checkExpectedRevision } from '../port/expected-revision';
import { matchesFilter } from '../port/filter';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port/types';
import { START } from '../port/types';
import {
  DEFAULT_MAX_EVENT_BYTES,
  validateAppend,
  validateMaxCount,
  validatePosition,
  validateStreamId,
} from '../port/validation';
import { verifyLog } from '../hash-chain/verify-log';
import { assertIntact, BackwardChainCheck, ForwardChainCheck, type LinkLookup } from '../hash-chain/chain-check';
import type { VerificationReport } from '../hash-chain/hash-chain';
import { isStreamNotFound, isWrongExpectedVersion, toPortError } from './esdb-errors';
import { appendBytes, sealEvents, toAppendResult, toReadPosition, toReadRevision, toRecordedEvent } from './esdb-mapping';
import { drain, positionOf, recordsAfter } from './esdb-reads';
import { EsdbSubscription } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  maxEventBytes?: number;
  /** Records fetched per readAll page. */
  pageSize?: number;
  /** How many times an append expecting 'any' or 'stream_exists' re-reads the head after losing a race. */
  maxAppendAttempts?: number;
  now?: () => Date;
}

/**
 * The EventStoreDB adapter of the port, over @eventstore/db-client 6 (gRPC). The connection string carries
 * the admin credentials reading and subscribing to $all needs, e.g.
 * `esdb://admin:changeit@localhost:2113?tls=false` (an insecure node has no access control at all).
 *
 * The hash chain is sealed here, so every append first reads the stream's last event and then appends at
 * exactly that revision: a concurrent writer makes ESDB refuse the append instead of forking the chain.
 * Streams must not be deleted: a recreated stream keeps counting revisions and its chain would no longer verify.
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'eventstoredb';
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly maxEventBytes: number;
  private readonly pageSize: number;
  private readonly maxAppendAttempts: number;
  private readonly now: () => Date;
  private closed = false;

  /** Connects lazily: an unreachable server surfaces as StoreUnavailable on the first call. */
  static async connect(connectionString: string, options: EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  /** For a client built with options a connection string cannot express (certificates), and for tests. */
  static withClient(client: EventStoreDBClient, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(client, options);
  }

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions,
  ) {
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pageSize = options.pageSize ?? 1_000;
    this.maxAppendAttempts = options.maxAppendAttempts ?? 10;
    this.now = options.now ?? (() => new Date());
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, options, this.maxEventBytes);
    const expected = options.expectedRevision;
    for (let attempt = 1; ; attempt++) {
      const head = await this.lastEvent(streamId);
      const replayed = await this.previousWriteOf(streamId, events, expected, head);
      if (replayed) return replayed;
      checkExpectedRevision(streamId, expected, head?.revision);
      // Never chain onto a damaged event (DamagedEvent, nothing written).
      if (head) assertIntact(head, undefined);

      const sealed = sealEvents(streamId, events, head && { revision: head.revision, hash: head.metadata.hash }, this.now().toISOString());
      try {
        return await this.appendAt(streamId, sealed, head ? head.revision : undefined, expected);
      } catch (error) {
        // Another writer got in between our read and our append. An exact expectation is now stale;
        // 'any' and 'stream_exists' still hold, so re-read the head and seal again.
        const conflict = isWrongExpectedVersion(error) || error instanceof WrongExpectedVersion;
        const retry = conflict && (expected === 'any' || expected === 'stream_exists');
        if (retry && attempt < this.maxAppendAttempts) continue;
        throw toPortError(error, { streamId, expected, firstEventId: events[0].id, appendBytes: appendBytes(sealed) });
      }
    }
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    validateStreamId(streamId);
    validateMaxCount(options.maxCount);
    const direction = options.direction ?? 'forwards';
    // maxCount 0 still has to fail for a missing stream, as in SQLite: read one event and drop it.
    const read = this.client.readStream(streamId, {
      fromRevision: toReadRevision(options.from, direction),
      direction: direction === 'backwards' ? BACKWARDS : FORWARDS,
      maxCount: options.maxCount === 0 ? 1 : options.maxCount,
    });
    // Every event's hash and its link to the previous one of the stream are checked as it is read.
    const chain = direction === 'backwards' ? new BackwardChainCheck() : new ForwardChainCheck(this.linkAt);
    try {
      for await (const resolved of drain(read)) {
        if (options.maxCount === 0) continue;
        const event = toRecordedEvent(resolved);
        if (!event) continue;
        await chain.check(event);
        yield event;
      }
    } catch (error) {
      throw toPortError(error, { streamId });
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    validatePosition(options.fromPosition, 'fromPosition');
    validateMaxCount(options.maxCount);
    let remaining = options.maxCount ?? Infinity;
    if (remaining === 0) return;
    const readPage = (from: bigint, maxCount: number) =>
      drain(this.client.readAll({ fromPosition: toReadPosition(from), direction: FORWARDS, maxCount }));
    const chain = new ForwardChainCheck(this.linkAt);
    try {
      // v6 has no server-side filter for reads: filter here, which also drops `$` system events.
      for await (const resolved of recordsAfter(readPage, options.fromPosition ?? START, this.pageSize)) {
        const event = toRecordedEvent(resolved);
        if (!event || !matchesFilter(options.filter, event.streamId, event.type)) continue;
        await chain.check(event);
        yield event;
        if (--remaining === 0) return;
      }
    } catch (error) {
      throw toPortError(error);
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    validatePosition(options.fromPosition, 'fromPosition');
    const subscription = new EsdbSubscription({
      client: this.client,
      fromPosition: options.fromPosition ?? START,
      filter: options.filter,
      chain: new ForwardChainCheck(this.linkAt),
      onEnd: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * The position of the last event the port can deliver. System events (`$`), which the server writes on
   * its own, are skipped so the head does not move while nobody appends.
   */
  async headPosition(): Promise<GlobalPosition> {
    this.assertOpen();
    try {
      for await (const resolved of drain(this.client.readAll({ fromPosition: END, direction: BACKWARDS }))) {
        const streamId = resolved.event?.streamId;
        const position = positionOf(resolved);
        if (streamId !== undefined && position !== undefined && !streamId.startsWith('$')) return position;
      }
      return START;
    } catch (error) {
      throw toPortError(error);
    }
  }

  /** Recomputes every hash and checks each stream's chain, through readAll. */
  async verify(): Promise<VerificationReport> {
    return verifyLog(this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    // Without dispose the gRPC streams keep the process (and jest) alive.
    await this.client.dispose();
  }

  /** Appends at exactly the revision read (or NO_STREAM), so ESDB itself refuses a forked chain. */
  private async appendAt(
    streamId: string,
    sealed: EventData[],
    revision: bigint | undefined,
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const result = await this.client.appendToStream(streamId, sealed, { expectedRevision: revision ?? NO_STREAM });
    if (!result.success) {
      // Only with throwOnAppendFailure=false in the connection string; the actual revision is not reliable then.
      const now = await this.lastEvent(streamId);
      throw new WrongExpectedVersion(streamId, expected, now ? now.revision : 'no_stream');
    }
    const mapped = toAppendResult(result);
    if (mapped) return mapped;
    // Older servers answer an idempotent re-send (same ids, same expected revision) without a position.
    const last = await this.eventAt(streamId, BigInt(result.nextExpectedRevision));
    if (!last) throw new StoreUnavailable(`EventStoreDB did not report where stream '${streamId}' was written`);
    return { nextRevision: last.revision, position: last.position };
  }

  /** A retry of an append already stored in this stream (see placesOfRetry), or undefined. */
  private async previousWriteOf(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    head: RecordedEvent | undefined,
  ): Promise<AppendResult | undefined> {
    const ids = events.map((e) => e.id);
    const { tail, slot } = placesOfRetry(head, ids, expected);
    const storedFrom = (from: bigint) => this.collect(streamId, { from, direction: 'forwards', maxCount: ids.length });
    // A one-event tail is the head itself: no read.
    const atTail = tail === undefined ? undefined : retriedAtTail(tail === head!.revision ? [head!] : await storedFrom(tail), ids);
    if (atTail || slot === undefined) return atTail;
    return retriedAtSlot(await storedFrom(slot), ids, streamId);
  }

  /** The stored hash of an event, for checking the link of the next one (see ForwardChainCheck). */
  private readonly linkAt: LinkLookup = async (streamId, revision) => {
    const event = await this.eventAt(streamId, revision);
    return event && { revision: event.revision, hash: event.metadata.hash };
  };

  private async lastEvent(streamId: string): Promise<RecordedEvent | undefined> {
    return (await this.collect(streamId, { from: 'end', direction: 'backwards', maxCount: 1 }))[0];
  }

  private async eventAt(streamId: string, revision: bigint): Promise<RecordedEvent | undefined> {
    return (await this.collect(streamId, { from: revision, direction: 'forwards', maxCount: 1 }))[0];
  }

  /** A small bounded read; a missing stream is simply empty here. */
  private async collect(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        fromRevision: toReadRevision(options.from, options.direction ?? 'forwards'),
        direction: options.direction === 'backwards' ? BACKWARDS : FORWARDS,
        maxCount: options.maxCount,
      });
      for await (const resolved of drain(read)) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw toPortError(error, { streamId });
    }
    return events;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable('The event store is closed');
  }
}
