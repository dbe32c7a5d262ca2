import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import {
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type EventStoreDBClient,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import { sealEvents } from '../../src/esdb/esdb-mapping';
import { NO_POSITION_BEFORE_22_10, resolvedAsSent, serverFeatures, type StoredRecord } from './client-messages';

/** Calls of the client that a test can make fail (the next ones, in order), as a server would answer them. */
type FailingCall = 'appendToStream' | 'readStream' | 'readAll';

/**
 * An in-memory stand-in for the parts of EventStoreDBClient the adapter's append and read paths use,
 * following the client's documented behaviour: reads are streams that fail only when iterated,
 * readAll forwards is inclusive of its start position and backwards exclusive, appends check the
 * expected revision. What a read yields is the client's own conversion of the protobuf messages a
 * server sends (see client-messages): a stream read's records carry their position inside the record
 * only (or 2^64−1 from a server before 22.10), a read of $all beside it too. No subscriptions: those
 * run against a real server in the contract suite.
 */
export class FakeEsdbClient {
  readonly log: StoredRecord[] = [];
  readonly streams = new Map<string, StoredRecord[]>();
  /** The version the server reports (ServerFeatures), or 'unimplemented' for one before 21.10. */
  serverVersion = '24.10.0.0';
  /** Serve stream reads as a server before 22.10 does: no usable position in the records. */
  streamReadsWithoutPosition = false;
  /** The next calls of each kind fail with these errors (a read after `after` records). */
  private readonly failures: Record<FailingCall, { error: Error; after: number }[]> = { appendToStream: [], readStream: [], readAll: [] };
  readonly calls: Record<FailingCall, number> = { appendToStream: 0, readStream: 0, readAll: 0 };
  capabilityLooks = 0;
  /** How each readAll was asked for: a read without maxCount is unbounded. */
  readonly readAllRequests: { direction: string; maxCount: number | undefined }[] = [];
  /** Records handed out by reads of $all, in total. */
  allRecordsRead = 0;
  readonly appendCalls: { streamName: string; expectedRevision: AppendExpectedRevision; count: number }[] = [];
  disposed = false;
  /** The network's round trip: every append and read answers this much later (0: on the next turn). */
  latencyMs = 0;
  /** Appends refused because the stream was not at the expected revision. */
  conflicts = 0;
  /** Runs before an append is applied: a test writes here to play a concurrent writer. */
  beforeAppend?: (streamName: string) => void;
  maxAppendBytes = Infinity;
  private nextPosition = 1_000n;

  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  /** The client's ServerFeatures of the server (a protected getter of the real client, fetched once per connection). */
  get capabilities() {
    this.capabilityLooks++;
    return Promise.resolve(serverFeatures(this.serverVersion));
  }

  /** The next call of this kind fails with `error` (a read: after yielding `after` records). */
  failNext(call: FailingCall, error: Error, after = 0): void {
    this.failures[call].push({ error, after });
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

  async appendToStream(streamName: string, events: EventData[], options: { expectedRevision: AppendExpectedRevision }) {
    this.appendCalls.push({ streamName, expectedRevision: options.expectedRevision, count: events.length });
    this.calls.appendToStream++;
    const failure = this.failures.appendToStream.shift();
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (failure) throw failure.error;
    this.beforeAppend?.(streamName);
    const bytes = events.reduce((n, e) => n + JSON.stringify(e.data).length + JSON.stringify(e.metadata).length, 0);
    if (bytes > this.maxAppendBytes) throw MaxAppendSizeExceededError.fromMaxAppendSize(this.maxAppendBytes);
    const current = this.streams.get(streamName)?.at(-1)?.revision;
    const expected = options.expectedRevision;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) this.conflicts++;
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? 'no_stream' });
    const last = this.write(streamName, events);
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(streamName: string, options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint } = {}) {
    this.calls.readStream++;
    const failure = this.failures.readStream.shift();
    const events = this.streams.get(streamName);
    if (!events) return streamingRead(new StreamNotFoundError(undefined, streamName), undefined, this.latencyMs);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? 'start';
    let selected = backwards
      ? [...events].reverse().filter((e) => from === 'end' || from === 'start' || e.revision <= from)
      : events.filter((e) => from !== 'end' && (from === 'start' || e.revision >= from));
    selected = selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    const sent = { recordPosition: this.streamReadsWithoutPosition ? NO_POSITION_BEFORE_22_10 : 'true', besidePosition: false };
    return streamingRead(selected.map((r) => resolvedAsSent(r, sent)), failure, this.latencyMs);
  }

  readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint } = {}) {
    this.calls.readAll++;
    this.readAllRequests.push({ direction: options.direction ?? 'forwards', maxCount: options.maxCount === undefined ? undefined : Number(options.maxCount) });
    const failure = this.failures.readAll.shift();
    const from = options.fromPosition ?? 'start';
    const selected =
      options.direction === 'backwards'
        ? [...this.log].reverse().filter((e) => from === 'end' || (from !== 'start' && e.position < from.commit))
        : this.log.filter((e) => from === 'start' || (from !== 'end' && e.position >= from.commit));
    const page = selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    this.allRecordsRead += page.length;
    return streamingRead(page.map((r) => resolvedAsSent(r, { besidePosition: true })), failure, this.latencyMs);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  /** Stores events as given, bypassing the adapter (no revision check). */
  writeRaw(streamName: string, events: EventData[]): void {
    this.write(streamName, events);
  }

  private write(streamName: string, events: EventData[]): { revision: bigint; position: Position } {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    let last = { revision: -1n, position: { commit: 0n, prepare: 0n } };
    for (const e of events) {
      this.nextPosition += 100n;
      const revision = BigInt(stream.length);
      const record: StoredRecord = { streamId: streamName, id: e.id, revision, type: e.type, data: e.data, metadata: e.metadata, created: new Date(), position: this.nextPosition };
      stream.push(record);
      this.log.push(record);
      last = { revision, position: { commit: this.nextPosition, prepare: this.nextPosition } };
    }
    return last;
  }
}

/** A client read: a Readable of resolved events with cancel(); a failure is emitted, not thrown (after `after` items). */
function streamingRead(items: AllStreamResolvedEvent[] | Error, failure?: { error: Error; after: number }, latencyMs = 0) {
  const read = new Readable({ objectMode: true, read() {} });
  const later = (answer: () => void) => (latencyMs > 0 ? setTimeout(answer, latencyMs) : setImmediate(answer));
  later(() => {
    if (items instanceof Error) {
      read.emit('error', items);
      return;
    }
    for (const item of items.slice(0, failure ? failure.after : items.length)) read.push(item);
    if (failure) read.destroy(failure.error);
    else read.push(null);
  });
  return Object.assign(read, { cancel: jest.fn(async () => void read.destroy()) });
}
