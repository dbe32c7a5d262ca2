import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import {
  MaxAppendSizeExceededError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
// The client's own read and subscription streams and its conversion of the server's messages: what the
// adapter iterates is built exactly as the client builds it; only the gRPC call is played here.
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { Subscription } from '@eventstore/db-client/dist/streams/utils/Subscription';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import type { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { sealEvents } from '../../src/esdb/esdb-mapping';
import { NO_POSITION_BEFORE_22_10, serverFeatures, subscriptionMessages as messages, type StoredRecord } from './client-messages';

export type { StoredRecord };
/** What a server older than 22.10 puts where a stream read has no position (seen as 2^64 − 1 by clients). */
export const NO_POSITION = BigInt(NO_POSITION_BEFORE_22_10);

/** Calls of the client that a test can make fail (the next ones, in order), as a server would answer them. */
type FailingCall = 'appendToStream' | 'readStream' | 'readAll';

export interface FakeServerOptions {
  /**
   * 'own': each event of a batch has its own log position as both commit and prepare (servers since
   * 20.6.1). 'transaction': the batch's first position is every event's prepare, its own the commit
   * (older servers), so commit and prepare differ for all but the first event of a batch.
   */
  preparePositions?: 'own' | 'transaction';
  /** 'none': an idempotent re-send is answered without a position, as older servers do. */
  idempotentAnswer?: 'position' | 'none';
  /** Filtered-out events a subscription considers between two checkpoints (the server's search window, 32). */
  checkpointWindow?: number;
}

/**
 * An in-memory stand-in for the EventStoreDB server behind the real client's API, following the server's
 * documented behaviour (EVENTSTORE-NOTES.md), so that the adapter's outcome is not decided by the fake:
 * - appends check the expected revision and are idempotent **by position**, as the server is: the same ids
 *   at the same expected revision write nothing; at another revision they write duplicates; with `any`
 *   only a batch already at the stream's end is recognised; part of an earlier batch is a conflict;
 * - positions are ordered by commit, then prepare, and the two may differ (preparePositions, and legacy
 *   explicit transactions sharing one commit position);
 * - reads are the client's own ReadStream over protobuf messages (client-messages): they fail only when
 *   iterated, readAll forwards includes its start and backwards excludes it, a stream read's records carry
 *   their position inside the record only (or 2^64−1, a server before 22.10), a read of $all beside it too;
 * - subscriptions are the client's own Subscription over a server call: exclusive start, a checkpoint per
 *   window of filtered-out events, caught-up once at the end of the log, then each later write;
 * - the server's version (ServerFeatures), NOT_LEADER and other failures of the next calls, latency.
 */
export class FakeEsdbClient {
  readonly log: StoredRecord[] = [];
  readonly streams = new Map<string, StoredRecord[]>();
  readonly subscriptions = new Set<FakeSubscriptionCall>();
  /** The version the server reports (ServerFeatures), or 'unimplemented' for one before 21.10. */
  serverVersion = '24.10.0.0';
  /** Serve stream reads as a server before 22.10 does: no usable position in the records. */
  streamReadsWithoutPosition = false;
  /** The next calls of each kind fail with these errors (a read after `after` records). */
  private readonly failures: Record<FailingCall, { error: Error; after: number }[]> = { appendToStream: [], readStream: [], readAll: [] };
  readonly calls: Record<FailingCall, number> = { appendToStream: 0, readStream: 0, readAll: 0 };
  capabilityLooks = 0;
  /** How each readAll was asked for: a read without maxCount is unbounded. */
  readonly readAllRequests: { direction: string; maxCount: number | undefined; from: ReadPosition }[] = [];
  /** Records handed out by reads of $all, in total. */
  allRecordsRead = 0;
  readonly appendCalls: { streamName: string; expectedRevision: AppendExpectedRevision; count: number }[] = [];
  disposed = false;
  /** How many times dispose() was called. */
  disposeCalls = 0;
  /** The next looks at the server's features fail with these errors (e.g. the node unreachable), in order. */
  private readonly capabilityFailures: Error[] = [];
  private subscribed: ((call: FakeSubscriptionCall) => void)[] = [];
  /** The network's round trip: every append and read answers this much later (0: on the next turn). */
  latencyMs = 0;
  /** Appends refused because the stream was not at the expected revision. */
  conflicts = 0;
  /** Runs before an append is applied: a test writes here to play a concurrent writer. */
  beforeAppend?: (streamName: string) => void;
  maxAppendBytes = Infinity;
  private nextLogPosition = 1_000n;

  constructor(readonly options: FakeServerOptions = {}) {}

  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  /** The client's ServerFeatures of the server (a protected getter of the real client, fetched once per connection). */
  get capabilities() {
    this.capabilityLooks++;
    const failure = this.capabilityFailures.shift();
    return failure ? Promise.reject(failure) : Promise.resolve(serverFeatures(this.serverVersion));
  }

  /** The next call of this kind fails with `error` (a read: after yielding `after` records). */
  failNext(call: FailingCall, error: Error, after = 0): void {
    this.failures[call].push({ error, after });
  }

  /** The next look at the server's features fails with `error` (the client could not reach the node). */
  failNextCapabilities(error: Error): void {
    this.capabilityFailures.push(error);
  }

  /** Ends every open subscription call with `error`, as gRPC ends a call the server or network dropped. */
  dropSubscriptions(error: Error): void {
    for (const call of this.subscriptions) call.fail(error);
  }

  /** Writes a system event, as the server does on its own. */
  writeSystemEvent(streamName = '$stats-node'): void {
    this.write(streamName, [{ id: randomUUID(), contentType: 'application/json', type: '$statsCollected', data: {}, metadata: undefined } as EventData]);
  }

  /** Another writer's event, appended behind the adapter's back (sealed onto the stream's chain, as another instance would). */
  appendBySomeoneElse(streamName: string): void {
    const head = this.streams.get(streamName)?.at(-1);
    const chainHead = head && { revision: head.revision, hash: (head.metadata as { hash: string }).hash };
    const other = { id: randomUUID(), type: 'Other', data: {}, metadata: { actor: 'someone', correlationId: 'c', causationId: 'c' } };
    this.write(streamName, sealEvents(streamName, [other], chainHead, new Date().toISOString()));
  }

  /** Replaces the stored data of an event, as a damaged disk or a hand edit would (the hash stays). */
  tamper(streamName: string, revision: bigint, data: unknown): void {
    this.streams.get(streamName)!.find((e) => e.revision === revision)!.data = data;
  }

  /** Stores events as given, bypassing the adapter (no revision check). */
  writeRaw(streamName: string, events: EventData[]): void {
    this.write(streamName, events);
  }

  /**
   * Events written by a legacy (TCP) explicit transaction: each prepare at its own position, then one
   * commit record, so they all share the commit position and differ in their prepare positions.
   */
  writeExplicitTransaction(streamName: string, events: EventData[]): void {
    const prepares = events.map(() => this.takeLogPosition());
    const commit = this.takeLogPosition();
    this.write(streamName, events, (i) => ({ commit, prepare: prepares[i] }));
  }

  async appendToStream(streamName: string, events: EventData[], options: { expectedRevision: AppendExpectedRevision }) {
    this.appendCalls.push({ streamName, expectedRevision: options.expectedRevision, count: events.length });
    this.calls.appendToStream++;
    const failure = this.failures.appendToStream.shift();
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (failure) throw failure.error;
    this.beforeAppend?.(streamName);
    const bytes = events.reduce((n, e) => n + JSON.stringify(e.data).length + JSON.stringify(e.metadata).length, 0);
    if (bytes > this.maxAppendBytes) throw MaxAppendSizeExceededError.fromMaxAppendSize(this.maxAppendBytes);
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.at(-1)?.revision;
    const expected = options.expectedRevision;

    const replayed = this.idempotentWrite(streamName, stream, events, expected);
    if (replayed) return replayed;

    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) {
      this.conflicts++;
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? 'no_stream' });
    }
    const last = this.write(streamName, events);
    return { success: true, nextExpectedRevision: last.revision, position: positionOf(last) };
  }

  readStream(streamName: string, options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint } = {}) {
    this.calls.readStream++;
    const failure = this.failures.readStream.shift();
    const events = this.streams.get(streamName);
    if (!events) return clientRead([messages.streamNotFound(streamName)], failure, this.latencyMs);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? 'start';
    let selected = backwards
      ? [...events].reverse().filter((e) => from === 'end' || from === 'start' || e.revision <= from)
      : events.filter((e) => from !== 'end' && (from === 'start' || e.revision >= from));
    selected = selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    const sent = { recordPosition: this.streamReadsWithoutPosition ? NO_POSITION_BEFORE_22_10 : 'true', besidePosition: false };
    return clientRead(mapped(selected, (r) => messages.read(r, sent)), failure, this.latencyMs);
  }

  readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint } = {}) {
    this.calls.readAll++;
    const from = options.fromPosition ?? 'start';
    const maxCount = options.maxCount === undefined ? undefined : Number(options.maxCount);
    this.readAllRequests.push({ direction: options.direction ?? 'forwards', maxCount, from });
    const failure = this.failures.readAll.shift();
    const log = this.log;
    const limit = maxCount ?? Number.MAX_SAFE_INTEGER;
    const counted = () => void this.allRecordsRead++;
    // Records are selected as the client pulls them: a read cancelled early never builds the rest.
    function* selected() {
      let count = 0;
      if (options.direction === 'backwards') {
        for (let i = log.length - 1; i >= 0 && count < limit; i--) {
          if (from === 'end' || (from !== 'start' && compare(log[i], from) < 0)) (count++, counted(), yield log[i]);
        }
      } else {
        for (let i = 0; i < log.length && count < limit; i++) {
          if (from === 'start' || (from !== 'end' && compare(log[i], from) >= 0)) (count++, counted(), yield log[i]);
        }
      }
    }
    return clientRead(mapped(selected(), (r) => messages.read(r, { besidePosition: true })), failure, this.latencyMs);
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}) {
    const call = new FakeSubscriptionCall(this, options.fromPosition ?? 'start', options.filter, this.options.checkpointWindow ?? 32);
    this.subscriptions.add(call);
    call.once('close', () => this.subscriptions.delete(call));
    const subscription = new Subscription(async () => call as never, convertGrpcEvent, {}, options.filter?.checkpointReached);
    call.pump();
    for (const resolve of this.subscribed.splice(0)) resolve(call);
    return subscription;
  }

  /** Resolves with the server side of the next subscription call the client makes. */
  nextSubscription(): Promise<FakeSubscriptionCall> {
    return new Promise((resolve) => this.subscribed.push(resolve));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.disposeCalls++;
    for (const call of this.subscriptions) call.cancel();
  }

  /** The server's positional idempotency: the same ids where this expected revision puts them write nothing. */
  private idempotentWrite(streamName: string, stream: StoredRecord[], events: EventData[], expected: AppendExpectedRevision) {
    if (stream.length === 0) return undefined;
    const ids = events.map((e) => e.id);
    const slot = typeof expected === 'bigint' ? Number(expected) + 1 : expected === 'no_stream' ? 0 : stream.length - ids.length;
    if (slot < 0 || stream[slot]?.id !== ids[0]) return undefined;
    const stored = stream.slice(slot, slot + ids.length);
    if (stored.length !== ids.length || stored.some((r, i) => r.id !== ids[i])) {
      // Part of an earlier batch at that place: the server reports a wrong expected version.
      this.conflicts++;
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: stream.at(-1)!.revision });
    }
    const last = stored.at(-1)!;
    return {
      success: true,
      nextExpectedRevision: last.revision,
      position: this.options.idempotentAnswer === 'none' ? undefined : positionOf(last),
    };
  }

  private takeLogPosition(): bigint {
    this.nextLogPosition += 100n;
    return this.nextLogPosition;
  }

  private write(streamName: string, events: EventData[], at?: (i: number) => Position): StoredRecord {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    let first: bigint | undefined;
    let last!: StoredRecord;
    events.forEach((e, i) => {
      const own = at ? undefined : this.takeLogPosition();
      first ??= own;
      const position = at ? at(i) : { commit: own!, prepare: this.options.preparePositions === 'transaction' ? first! : own! };
      last = {
        streamId: streamName,
        id: e.id,
        revision: BigInt(stream.length),
        type: e.type,
        // A copy of what the client sent (it JSON.stringifies data and metadata).
        data: copy(e.data),
        metadata: copy(e.metadata),
        created: new Date(),
        position: position.commit,
        preparePosition: position.prepare,
      };
      stream.push(last);
      this.log.push(last);
    });
    for (const call of this.subscriptions) call.pump();
    return last;
  }
}

/**
 * The server side of one subscription call: confirms, catches up from its position (exclusive), sends
 * what the filter admits and a checkpoint after each window of filtered-out events, signals caught-up
 * once it reaches the end of the log, then sends each later write. cancel() is what the client's
 * unsubscribe calls.
 */
export class FakeSubscriptionCall extends Readable {
  private next = 0;
  private considered = 0;
  private confirmed = false;
  private caughtUp = false;
  private pumping = false;
  private cancelled = false;
  private signalCaughtUp!: () => void;
  /** Resolves once the call has sent "caught up". */
  readonly caughtUpSent = new Promise<void>((resolve) => (this.signalCaughtUp = resolve));

  constructor(
    private readonly server: FakeEsdbClient,
    private readonly from: ReadPosition,
    private readonly serverFilter: Filter | undefined,
    private readonly window: number,
  ) {
    super({ objectMode: true, read() {} });
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.push(null);
  }

  /** A failed call, as grpc-js ends one on a non-OK status: the end of its messages, then the error. */
  fail(error: Error): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.push(null);
    this.emit('error', error);
  }

  /** Sends what is due, a window at a time with a turn of the event loop between, as a network would. */
  pump(): void {
    if (this.pumping || this.cancelled) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      if (this.cancelled) return;
      if (!this.confirmed) {
        this.confirmed = true;
        this.push(messages.confirmation());
      }
      const log = this.server.log;
      let sent = 0;
      while (this.next < log.length && sent < this.window) {
        const record = log[this.next++];
        if (this.from === 'end' || (this.from !== 'start' && compare(record, this.from) <= 0)) continue;
        sent++;
        if (admits(this.serverFilter, record)) this.push(messages.event(record));
        else if (this.serverFilter && ++this.considered % this.window === 0) this.push(messages.checkpoint(record.position, record.preparePosition));
      }
      if (this.next < log.length) return this.pump();
      if (!this.caughtUp) {
        this.caughtUp = true;
        this.push(messages.caughtUp());
        this.signalCaughtUp();
      }
    });
  }
}

/**
 * A client read over the server's messages, as readStream and readAll return it. Messages are made as
 * the client pulls them, the first answer comes after the latency, a failing call emits its error after
 * `failure.after` messages, and the call's end arrives a turn after its last message, as over the network.
 */
function clientRead(messagesToSend: Iterable<ReadResp>, failure?: { error: Error; after: number }, latencyMs = 0) {
  const source = messagesToSend[Symbol.iterator]();
  let sent = 0;
  let answered = false;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    setImmediate(() => call.push(null));
  };
  const call = Object.assign(
    new Readable({
      objectMode: true,
      read() {
        if (ended) return;
        const answer = () => {
          if (ended) return;
          if (failure && sent >= failure.after) {
            ended = true;
            call.destroy(failure.error);
            return;
          }
          const next = source.next();
          if (next.done) return end();
          sent++;
          call.push(next.value);
        };
        if (!answered && latencyMs > 0) setTimeout(answer, latencyMs);
        else setImmediate(answer);
        answered = true;
      },
    }),
    { cancel: () => end() },
  );
  return new ReadStream<AllStreamResolvedEvent>(async () => call as never, convertGrpcEvent, {});
}

function* mapped<T, R>(items: Iterable<T>, f: (item: T) => R): Iterable<R> {
  for (const item of items) yield f(item);
}

const copy = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

function positionOf(record: StoredRecord): Position {
  return { commit: record.position, prepare: record.preparePosition ?? record.position };
}

/** Orders a record against a read position as the server does: by commit, then prepare position. */
function compare(record: StoredRecord, position: Position): number {
  const { commit, prepare } = positionOf(record);
  if (commit !== position.commit) return commit < position.commit ? -1 : 1;
  if (prepare !== position.prepare) return prepare < position.prepare ? -1 : 1;
  return 0;
}

/** The server-side filter as the client's filter helpers describe it. */
function admits(filter: Filter | undefined, record: StoredRecord): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
  if ('prefixes' in filter && filter.prefixes) return filter.prefixes.some((p) => subject.startsWith(p));
  if ('regex' in filter && filter.regex) return new RegExp(filter.regex).test(subject);
  return true;
}
