import { BACKWARDS, END, FORWARDS, NO_STREAM, START as ESDB_START, EventStoreDBClient, type EventData, type ReadPosition } from '@eventstore/db-client';
import { StoreUnavailable, UnsupportedServer, WrongExpectedVersion } from '../port/errors';
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
import { isNotLeader, isStreamNotFound, isWrongExpectedVersion, toPortError } from './esdb-errors';
import { appendBytes, sealEvents, toAppendResult, toReadRevision, toRecordedEvent } from './esdb-mapping';
import { drain, exactPositionOf, positionOf, recordsAfter, type LogPosition } from './esdb-reads';
import { EsdbSubscription } from './esdb-subscription';
import { assertSupportedServer, type ServerCapabilities } from './esdb-server';

export interface EsdbEventStoreOptions {
  maxEventBytes?: number;
  /** Records fetched per readAll page. */
  pageSize?: number;
  /** How many times an append expecting 'any' or 'stream_exists' re-reads the head after losing a race. */
  maxAppendAttempts?: number;
  /** The pause before the one retry of a call answered NOT_LEADER (the client reconnects to the leader meanwhile). */
  leaderRetryPauseMs?: number;
  now?: () => Date;
}

/** Records of $all read per page when looking for the head backwards. */
const HEAD_PAGE = 100;

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
  private readonly leaderRetryPauseMs: number;
  private readonly now: () => Date;
  private closed = false;
  /** The server's version, checked once per connection before the first call (see esdb-server). */
  private serverChecked: Promise<void> | undefined;
  /** The head found so far, and the top of the log at the last look: a later look reads back only to it. */
  private knownHead: GlobalPosition = START;
  private scannedTo: GlobalPosition = START;

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
    this.leaderRetryPauseMs = options.leaderRetryPauseMs ?? 50;
    this.now = options.now ?? (() => new Date());
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, options, this.maxEventBytes);
    await this.supportedServer();
    return this.onLeader(() => this.appendOnce(streamId, events, options.expectedRevision));
  }

  /**
   * One append: read the head, recognise a retry, check the expectation, seal, append at exactly the
   * head's revision. Safe to run again after a NOT_LEADER answer: a follower writes nothing, and a batch
   * that did land is recognised by its ids at the revision it expected.
   */
  private async appendOnce(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
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
        if (isNotLeader(error)) throw error; // onLeader decides
        throw toPortError(error, { streamId, expected, firstEventId: events[0].id, appendBytes: appendBytes(sealed) });
      }
    }
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    validateStreamId(streamId);
    validateMaxCount(options.maxCount);
    await this.supportedServer();
    const direction = options.direction ?? 'forwards';
    // Every event's hash and its link to the previous one of the stream are checked as it is read.
    const chain = direction === 'backwards' ? new BackwardChainCheck() : new ForwardChainCheck(this.linkAt);
    let last: bigint | undefined;
    let delivered = 0;
    for (let leaderRetried = false; ; leaderRetried = true) {
      // After a NOT_LEADER answer mid-read, the read goes on from the event after the last one delivered.
      const from = last === undefined ? options.from : direction === 'backwards' ? last - 1n : last + 1n;
      if (from !== undefined && from !== 'start' && from !== 'end' && from < 0n) return;
      const remaining = options.maxCount === undefined ? undefined : options.maxCount - delivered;
      // maxCount 0 still has to fail for a missing stream, as in SQLite: read one event and drop it.
      const read = this.client.readStream(streamId, {
        fromRevision: toReadRevision(from, direction),
        direction: direction === 'backwards' ? BACKWARDS : FORWARDS,
        maxCount: options.maxCount === 0 ? 1 : remaining,
      });
      try {
        for await (const resolved of drain(read)) {
          if (options.maxCount === 0) continue;
          const event = toRecordedEvent(resolved);
          if (!event) continue;
          await chain.check(event);
          last = event.revision;
          delivered++;
          yield event;
        }
        return;
      } catch (error) {
        if (!leaderRetried && isNotLeader(error)) {
          await this.pauseForLeader();
          continue;
        }
        throw toPortError(error, { streamId });
      }
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    validatePosition(options.fromPosition, 'fromPosition');
    validateMaxCount(options.maxCount);
    let remaining = options.maxCount ?? Infinity;
    if (remaining === 0) return;
    await this.supportedServer();
    // The log's start is the client's START; any other page starts at a record's exact place.
    const readPage = (from: LogPosition, maxCount: number) =>
      drain(this.client.readAll({ fromPosition: from.commit === START && from.prepare === START ? ESDB_START : from, direction: FORWARDS, maxCount }));
    const chain = new ForwardChainCheck(this.linkAt);
    let after: bigint | LogPosition = options.fromPosition ?? START;
    for (let leaderRetried = false; ; leaderRetried = true) {
      try {
        // v6 has no server-side filter for reads: filter here, which also drops `$` system events.
        for await (const resolved of recordsAfter(readPage, after, this.pageSize)) {
          // After a NOT_LEADER answer mid-read, the read goes on after the last record seen (its exact place).
          after = exactPositionOf(resolved) ?? after;
          const event = toRecordedEvent(resolved);
          if (!event || !matchesFilter(options.filter, event.streamId, event.type)) continue;
          await chain.check(event);
          yield event;
          if (--remaining === 0) return;
        }
        return;
      } catch (error) {
        if (!leaderRetried && isNotLeader(error)) {
          await this.pauseForLeader();
          continue;
        }
        throw toPortError(error);
      }
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    validatePosition(options.fromPosition, 'fromPosition');
    const subscription = new EsdbSubscription({
      client: this.client,
      // The port's subscriptions signal "caught up", which only 23.10+ sends: checked before subscribing.
      ready: () => this.supportedServer(),
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
   * its own, are skipped so the head does not move while nobody appends. Read backwards from the end in
   * bounded pages, and only down to the top of the previous look (everything below it was seen then): a
   * call (every /health) reads what was written since the previous one, not the whole log.
   */
  async headPosition(): Promise<GlobalPosition> {
    this.assertOpen();
    await this.supportedServer();
    const { head, top } = await this.onLeader(() => this.headAbove(this.scannedTo));
    if (head !== undefined && head > this.knownHead) this.knownHead = head;
    if (top !== undefined && top > this.scannedTo) this.scannedTo = top;
    return this.knownHead;
  }

  /** Reading back from the end down to `floor` (exclusive): the last non-system event and the top record seen. */
  private async headAbove(floor: GlobalPosition): Promise<{ head?: GlobalPosition; top?: GlobalPosition }> {
    let from: ReadPosition = END;
    let top: bigint | undefined;
    try {
      for (;;) {
        let read = 0;
        let lowest: LogPosition | undefined;
        for await (const resolved of drain(this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: HEAD_PAGE }))) {
          read++;
          const position = positionOf(resolved);
          if (position === undefined) continue;
          top ??= position;
          if (position <= floor) return { top };
          if (resolved.event && !resolved.event.streamId.startsWith('$')) return { head: position, top };
          lowest = exactPositionOf(resolved);
        }
        // Backwards reads exclude their start position, so the next page begins exactly at this page's last record.
        if (read < HEAD_PAGE || lowest === undefined) return { top };
        from = lowest;
      }
    } catch (error) {
      if (isNotLeader(error)) throw error; // onLeader decides
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
  private collect(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.onLeader(() => this.collectOnce(streamId, options));
  }

  private async collectOnce(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
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
      if (isNotLeader(error)) throw error; // onLeader decides
      throw toPortError(error, { streamId });
    }
    return events;
  }

  /**
   * Runs a call; if the server answers NOT_LEADER (the leader changed: the client is reconnecting to the
   * new one), waits a moment and runs it once more. Only then does the caller see the outage (503).
   */
  private async onLeader<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isNotLeader(error)) throw error;
      await this.pauseForLeader();
      try {
        return await call();
      } catch (again) {
        throw toPortError(again);
      }
    }
  }

  private pauseForLeader(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.leaderRetryPauseMs));
  }

  /** The server's version, asked once (and again after a failed look, e.g. while it was unreachable). */
  private supportedServer(): Promise<void> {
    this.serverChecked ??= (async () => {
      // The client keeps what the server said of itself (ServerFeatures) for the connection's life.
      const { capabilities } = this.client as unknown as { capabilities: Promise<ServerCapabilities> };
      assertSupportedServer(await capabilities);
    })().catch((error: unknown) => {
      if (!(error instanceof UnsupportedServer)) this.serverChecked = undefined;
      throw toPortError(error);
    });
    return this.serverChecked;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable('The event store is closed');
  }
}
