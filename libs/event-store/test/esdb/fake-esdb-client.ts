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

/**
 * An in-memory stand-in for the parts of EventStoreDBClient the adapter's append and read paths use,
 * following the client's documented behaviour: reads are streams that fail only when iterated,
 * readAll forwards is inclusive of its start position and backwards exclusive, appends check the
 * expected revision. No subscriptions: those run against a real server in the contract suite.
 */
export class FakeEsdbClient {
  readonly log: AllStreamResolvedEvent[] = [];
  readonly streams = new Map<string, AllStreamResolvedEvent[]>();
  readonly appendCalls: { streamName: string; expectedRevision: AppendExpectedRevision; count: number }[] = [];
  disposed = false;
  /** Runs before an append is applied: a test writes here to play a concurrent writer. */
  beforeAppend?: (streamName: string) => void;
  maxAppendBytes = Infinity;
  private nextPosition = 1_000n;

  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  /** Writes a system event, as the server does on its own. */
  writeSystemEvent(streamName = '$stats-node'): void {
    this.write(streamName, [{ id: randomUUID(), contentType: 'application/json', type: '$statsCollected', data: {}, metadata: undefined } as EventData]);
  }

  /** Another writer's event, appended behind the adapter's back (sealed onto the stream's chain, as another instance would). */
  appendBySomeoneElse(streamName: string): void {
    const head = this.streams.get(streamName)?.at(-1)?.event;
    const chainHead = head && { revision: head.revision, hash: (head.metadata as { hash: string }).hash };
    const other = { id: randomUUID(), type: 'Other', data: {}, metadata: { actor: 'someone', correlationId: 'c', causationId: 'c' } };
    this.write(streamName, sealEvents(streamName, [other], chainHead, new Date().toISOString()));
  }

  /** Replaces the stored data of an event, as a damaged disk or a hand edit would (the hash stays). */
  tamper(streamName: string, revision: bigint, data: unknown): void {
    const stored = this.streams.get(streamName)!.find((e) => e.event!.revision === revision)!;
    (stored.event as { data: unknown }).data = data;
  }

  async appendToStream(streamName: string, events: EventData[], options: { expectedRevision: AppendExpectedRevision }) {
    this.appendCalls.push({ streamName, expectedRevision: options.expectedRevision, count: events.length });
    this.beforeAppend?.(streamName);
    const bytes = events.reduce((n, e) => n + JSON.stringify(e.data).length + JSON.stringify(e.metadata).length, 0);
    if (bytes > this.maxAppendBytes) throw MaxAppendSizeExceededError.fromMaxAppendSize(this.maxAppendBytes);
    const current = this.streams.get(streamName)?.at(-1)?.event?.revision;
    const expected = options.expectedRevision;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? 'no_stream' });
    const last = this.write(streamName, events);
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(streamName: string, options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint } = {}) {
    const events = this.streams.get(streamName);
    if (!events) return streamingRead(new StreamNotFoundError(undefined, streamName));
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? 'start';
    let selected = backwards
      ? [...events].reverse().filter((e) => from === 'end' || from === 'start' || e.event!.revision <= from)
      : events.filter((e) => from !== 'end' && (from === 'start' || e.event!.revision >= from));
    selected = selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    return streamingRead(selected);
  }

  readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint } = {}) {
    const from = options.fromPosition ?? 'start';
    const selected =
      options.direction === 'backwards'
        ? [...this.log].reverse().filter((e) => from === 'end' || (from !== 'start' && e.commitPosition! < from.commit))
        : this.log.filter((e) => from === 'start' || (from !== 'end' && e.commitPosition! >= from.commit));
    return streamingRead(selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)));
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
      const position = { commit: this.nextPosition, prepare: this.nextPosition };
      const revision = BigInt(stream.length);
      // Stored bytes come back parsed, as the real client does for JSON content.
      const resolved = {
        event: {
          streamId: streamName,
          id: e.id,
          revision,
          type: e.type,
          data: JSON.parse(JSON.stringify(e.data)),
          metadata: e.metadata === undefined ? undefined : JSON.parse(JSON.stringify(e.metadata)),
          isJson: true,
          created: new Date(),
          position,
        },
        commitPosition: position.commit,
      } as AllStreamResolvedEvent;
      stream.push(resolved);
      this.log.push(resolved);
      last = { revision, position };
    }
    return last;
  }
}

/** A client read: a Readable of resolved events with cancel(); a failure is emitted, not thrown. */
function streamingRead(items: AllStreamResolvedEvent[] | Error) {
  const read = new Readable({ objectMode: true, read() {} });
  setImmediate(() => {
    if (items instanceof Error) {
      read.emit('error', items);
      return;
    }
    for (const item of items) read.push(item);
    read.push(null);
  });
  return Object.assign(read, { cancel: jest.fn(async () => void read.destroy()) });
}
