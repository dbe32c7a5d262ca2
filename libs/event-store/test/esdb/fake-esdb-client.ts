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
// adapter iterates is built exactly as the client builds it, only the gRPC call is played here.
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { Subscription } from '@eventstore/db-client/dist/streams/utils/Subscription';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';

/** What a server older than 22.10 puts where a stream read has no position (seen as 2^64 - 1 by clients). */
export const NO_POSITION = 18_446_744_073_709_551_615n;

/** One record of the fake server's transaction log, in $all order (by commit, then prepare position). */
export interface StoredRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  created: Date;
  commitPosition: bigint;
  preparePosition: bigint;
}

export interface FakeServerOptions {
  /**
   * 'own': each event of a batch reports its own log position as both commit and prepare (servers since
   * 20.6.1). 'transaction': the batch's first position as every event's prepare, its own as commit (older
   * servers), so commit and prepare differ for all but the first event of a batch.
   */
  preparePositions?: 'own' | 'transaction';
  /** 'unknown': stream reads carry no position, as before server 22.10; $all reads always do. */
  streamReadPositions?: 'known' | 'unknown';
  /** 'none': an idempotent re-send is answered without a position, as older servers do. */
  idempotentAnswer?: 'position' | 'none';
  /** Filtered-out events a subscription considers between two checkpoints (the server's search window, 32). */
  checkpointWindow?: number;
}
import { sealEvents } from '../../src/esdb/esdb-mapping';

/**
 * An in-memory stand-in for the EventStoreDB server behind the real client's API, following the
 * server's documented behaviour (EVENTSTORE-NOTES.md): appends check the expected revision and are
 * idempotent by position (the same ids at the same expected revision write nothing; at another
 * revision they write duplicates; with `any` only a batch already at the stream's end is recognised);
 * reads fail only when iterated; readAll forwards includes its start, backwards excludes it;
 * subscriptions exclude their start, report checkpoints while filtering, signal caught-up, then follow
 * live writes. Reads and subscriptions are the client's own ReadStream and Subscription over protobuf
 * messages, so positions, metadata and errors reach the adapter as the client would hand them over.
 */
export class FakeEsdbClient {
  readonly log: StoredRecord[] = [];
  readonly streams = new Map<string, StoredRecord[]>();
  readonly appendCalls: { streamName: string; expectedRevision: AppendExpectedRevision; count: number }[] = [];
  readonly subscriptions = new Set<FakeSubscriptionCall>();
  disposed = false;
  /** Runs before an append is applied: a test writes here to play a concurrent writer. */
  beforeAppend?: (streamName: string) => void;
  maxAppendBytes = Infinity;
  private nextLogPosition = 1_000n;

  constructor(readonly options: FakeServerOptions = {}) {}

  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  /** Writes a system event, as the server does on its own. */
  writeSystemEvent(streamName = '$stats-node'): void {
    this.write(streamName, [{ id: randomUUID(), contentType: 'application/json', type: '$statsCollected', data: {}, metadata: undefined } as EventData]);
  }

  /** Another writer's event, appended behind the adapter's back (sealed onto the stream's chain, as another instance would). */
  appendBySomeoneElse(streamName: string): void {
    const head = this.streams.get(streamName)?.at(-1);
    const chainHead = head && { revision: head.revision, hash: (JSON.parse(head.metadata) as { hash: string }).hash };
    const other = { id: randomUUID(), type: 'Other', data: {}, metadata: { actor: 'someone', correlationId: 'c', causationId: 'c' } };
    this.write(streamName, sealEvents(streamName, [other], chainHead, new Date().toISOString()));
  }

  /** Replaces the stored data of an event, as a damaged disk or a hand edit would (the hash stays). */
  tamper(streamName: string, revision: bigint, data: unknown): void {
    const stored = this.streams.get(streamName)!.find((e) => e.revision === revision)!;
    stored.data = JSON.stringify(data);
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
    this.beforeAppend?.(streamName);
    const bytes = events.reduce((n, e) => n + JSON.stringify(e.data).length + JSON.stringify(e.metadata).length, 0);
    if (bytes > this.maxAppendBytes) throw MaxAppendSizeExceededError.fromMaxAppendSize(this.maxAppendBytes);
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.at(-1)?.revision;
    const expected = options.expectedRevision;

    const replayed = this.idempotentWrite(stream, events, expected);
    if (replayed) return replayed;

    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? 'no_stream' });
    const last = this.write(streamName, events);
    return { success: true, nextExpectedRevision: last.revision, position: { commit: last.commitPosition, prepare: last.preparePosition } };
  }

  readStream(streamName: string, options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint } = {}) {
    const events = this.streams.get(streamName);
    if (!events) return clientRead([notFound(streamName)]);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? 'start';
    let selected = backwards
      ? [...events].reverse().filter((e) => from === 'end' || from === 'start' || e.revision <= from)
      : events.filter((e) => from !== 'end' && (from === 'start' || e.revision >= from));
    selected = selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    const known = this.options.streamReadPositions !== 'unknown';
    return clientRead(mapped(selected, (r) => readResp().setEvent(eventMessage(r, { inAll: false, positionKnown: known }))));
  }

  readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint } = {}) {
    const from = options.fromPosition ?? 'start';
    const log = this.log;
    const limit = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    function* selected() {
      let count = 0;
      if (options.direction === 'backwards') {
        for (let i = log.length - 1; i >= 0 && count < limit; i--) {
          if (from === 'end' || (from !== 'start' && compare(log[i], from) < 0)) (count++, yield log[i]);
        }
      } else {
        for (let i = 0; i < log.length && count < limit; i++) {
          if (from === 'start' || (from !== 'end' && compare(log[i], from) >= 0)) (count++, yield log[i]);
        }
      }
    }
    return clientRead(mapped(selected(), (r) => readResp().setEvent(eventMessage(r, { inAll: true, positionKnown: true }))));
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}) {
    const call = new FakeSubscriptionCall(this, options.fromPosition ?? 'start', options.filter, this.options.checkpointWindow ?? 32);
    this.subscriptions.add(call);
    call.once('close', () => this.subscriptions.delete(call));
    const subscription = new Subscription(async () => call as never, convertGrpcEvent, {}, options.filter?.checkpointReached);
    call.pump();
    return subscription;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const call of this.subscriptions) call.cancel();
  }

  /** Stores events as given, bypassing the adapter (no revision check). */
  writeRaw(streamName: string, events: EventData[]): void {
    this.write(streamName, events);
  }

  /** The server's positional idempotency: the same ids where this expected revision puts them write nothing. */
  private idempotentWrite(stream: StoredRecord[], events: EventData[], expected: AppendExpectedRevision) {
    if (stream.length === 0) return undefined;
    const ids = events.map((e) => e.id);
    const slot = typeof expected === 'bigint' ? Number(expected) + 1 : expected === 'no_stream' ? 0 : stream.length - ids.length;
    if (slot < 0 || stream[slot]?.id !== ids[0]) return undefined;
    const stored = stream.slice(slot, slot + ids.length);
    if (stored.length !== ids.length || stored.some((r, i) => r.id !== ids[i])) {
      // Part of an earlier batch at that place: the server reports a wrong expected version.
      throw new WrongExpectedVersionError(undefined, { streamName: stream[0].streamId, expected, current: stream.at(-1)!.revision });
    }
    const last = stored.at(-1)!;
    return {
      success: true,
      nextExpectedRevision: last.revision,
      position: this.options.idempotentAnswer === 'none' ? undefined : { commit: last.commitPosition, prepare: last.preparePosition },
    };
  }

  private takeLogPosition(): bigint {
    this.nextLogPosition += 100n;
    return this.nextLogPosition;
  }

  private write(streamName: string, events: EventData[], at?: (i: number) => { commit: bigint; prepare: bigint }): StoredRecord {
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
        // Stored as the bytes the client sent (it JSON.stringifies data and metadata).
        data: JSON.stringify(e.data),
        metadata: e.metadata === undefined ? '' : JSON.stringify(e.metadata),
        created: new Date(),
        commitPosition: position.commit,
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
 * The server side of one subscription call: catches up from its position (exclusive), sends what the
 * filter admits and a checkpoint after each window of considered events, signals caught-up once it
 * reaches the end of the log, then sends each later write. cancel() is what the client's unsubscribe calls.
 */
export class FakeSubscriptionCall extends Readable {
  private next = 0;
  private considered = 0;
  private caughtUp = false;
  private pumping = false;
  private cancelled = false;

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

  /** Sends what is due, a window at a time with a turn of the event loop between, as a network would. */
  pump(): void {
    if (this.pumping || this.cancelled) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      if (this.cancelled) return;
      const log = this.server.log;
      let sent = 0;
      while (this.next < log.length && sent < this.window) {
        const record = log[this.next++];
        if (this.from === 'end' || (this.from !== 'start' && compare(record, this.from) <= 0)) continue;
        sent++;
        if (admits(this.serverFilter, record)) this.push(readResp().setEvent(eventMessage(record, { inAll: true, positionKnown: true })));
        else if (this.serverFilter && ++this.considered % this.window === 0) this.push(checkpoint(record));
      }
      if (this.next < log.length) return this.pump();
      if (!this.caughtUp) {
        this.caughtUp = true;
        this.push(readResp().setCaughtUp(new ReadResp.CaughtUp()));
      }
    });
  }
}

/**
 * A client read over the server's messages, as readStream and readAll return it. Messages are made as
 * the client pulls them (a read the consumer cancels early never builds the rest), and the call's end
 * arrives a turn after its last message, as over the network.
 */
function clientRead(messages: Iterable<ReadResp>) {
  const source = messages[Symbol.iterator]();
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
        setImmediate(() => {
          if (ended) return;
          const next = source.next();
          if (next.done) end();
          else this.push(next.value);
        });
      },
    }),
    { cancel: () => end() },
  );
  return new ReadStream<AllStreamResolvedEvent>(async () => call as never, convertGrpcEvent, {});
}

function* mapped<T, R>(items: Iterable<T>, f: (item: T) => R): Iterable<R> {
  for (const item of items) yield f(item);
}

const readResp = () => new ReadResp();

function notFound(streamName: string): ReadResp {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(streamName));
  const missing = new ReadResp.StreamNotFound();
  missing.setStreamIdentifier(identifier);
  return readResp().setStreamNotFound(missing);
}

function checkpoint(record: StoredRecord): ReadResp {
  const c = new ReadResp.Checkpoint();
  c.setCommitPosition(record.commitPosition.toString());
  c.setPreparePosition(record.preparePosition.toString());
  return readResp().setCheckpoint(c);
}

function eventMessage(record: StoredRecord, how: { inAll: boolean; positionKnown: boolean }): ReadResp.ReadEvent {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(record.id);
  recorded.setId(id);
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.streamId));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(record.revision.toString());
  recorded.setCommitPosition((how.positionKnown ? record.commitPosition : NO_POSITION).toString());
  recorded.setPreparePosition((how.positionKnown ? record.preparePosition : NO_POSITION).toString());
  recorded.getMetadataMap().set('type', record.type);
  recorded.getMetadataMap().set('content-type', 'application/json');
  // Ticks of 100 ns since the Unix epoch, as the client reads "created".
  recorded.getMetadataMap().set('created', (BigInt(record.created.getTime()) * 10_000n).toString());
  recorded.setCustomMetadata(Buffer.from(record.metadata));
  recorded.setData(Buffer.from(record.data));
  const event = new ReadResp.ReadEvent();
  event.setEvent(recorded);
  if (how.inAll) event.setCommitPosition(record.commitPosition.toString());
  else event.setNoPosition(new Empty());
  return event;
}

/** Orders a record against a read position as the server does: by commit, then prepare position. */
function compare(record: StoredRecord, position: Position): number {
  if (record.commitPosition !== position.commit) return record.commitPosition < position.commit ? -1 : 1;
  if (record.preparePosition !== position.prepare) return record.preparePosition < position.prepare ? -1 : 1;
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
