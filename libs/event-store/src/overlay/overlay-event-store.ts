import { StreamNotFound, StoreUnavailable } from '../port/errors';
import { checkExpectedRevision } from '../port/expected-revision';
import { matchesFilter } from '../port/filter';
import { DEFAULT_MAX_EVENT_BYTES, validateAppend, validateMaxCount, validateStreamId } from '../port/validation';
import { sealEvents } from '../hash-chain/seal';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
} from '../port/types';

/**
 * A scratch copy of another store, for trying commands without writing them (an import's dry run).
 * Each stream is copied from the base the first time it is read or written, then lives here in memory;
 * appends go here only, so the base is never written. Positions continue after the base's head as it
 * was when the overlay was made. `readAll` yields what was appended here (the base's log is not
 * copied), and there is no subscription.
 */
export class OverlayEventStore implements EventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly loading = new Map<string, Promise<RecordedEvent[]>>();
  private readonly appendedHere: RecordedEvent[] = [];
  private closed = false;

  private constructor(
    private readonly base: EventStore,
    private position: GlobalPosition,
    private readonly maxEventBytes: number,
  ) {}

  static async over(base: EventStore, options: { maxEventBytes?: number } = {}): Promise<OverlayEventStore> {
    return new OverlayEventStore(base, await base.headPosition(), options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES);
  }

  /** Every event appended to the overlay, in order. */
  get appended(): readonly RecordedEvent[] {
    return this.appendedHere;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, options, this.maxEventBytes);
    const stream = await this.stream(streamId);
    const last = stream[stream.length - 1];
    checkExpectedRevision(streamId, options.expectedRevision, last?.revision);
    const sealed = sealEvents(streamId, events, last && { revision: last.revision, hash: last.metadata.hash }, new Date().toISOString());
    for (const s of sealed) {
      const recorded: RecordedEvent = {
        id: s.event.id,
        type: s.event.type,
        streamId,
        revision: s.revision,
        position: ++this.position,
        data: s.event.data,
        metadata: { ...s.metadata, prevHash: s.prevHash, hash: s.hash },
      };
      stream.push(recorded);
      this.appendedHere.push(recorded);
    }
    return { nextRevision: sealed[sealed.length - 1].revision, position: this.position };
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    validateStreamId(streamId);
    validateMaxCount(options.maxCount);
    const stream = await this.stream(streamId);
    if (stream.length === 0) throw new StreamNotFound(streamId);
    const backwards = options.direction === 'backwards';
    const head = BigInt(stream.length - 1);
    const asked = options.from === undefined || options.from === 'start' ? (backwards ? head : 0n) : options.from === 'end' ? (backwards ? head : head + 1n) : options.from;
    // Backwards from past the head starts at the head, as the other stores read.
    const from = backwards && asked > head ? head : asked;
    let remaining = options.maxCount ?? Infinity;
    for (let r = from; remaining > 0 && r >= 0n && r <= head; r += backwards ? -1n : 1n, remaining--) yield stream[Number(r)];
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    validateMaxCount(options.maxCount);
    let remaining = options.maxCount ?? Infinity;
    for (const event of this.appendedHere) {
      if (remaining <= 0) return;
      if (event.position <= (options.fromPosition ?? 0n) || !matchesFilter(options.filter, event.streamId, event.type)) continue;
      remaining--;
      yield event;
    }
  }

  subscribeToAll(): Subscription {
    throw new Error('An overlay store has no subscription');
  }

  async headPosition(): Promise<GlobalPosition> {
    return this.position;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The stream as the overlay holds it, copied from the base on first use (once, however many ask at once). */
  private async stream(streamId: string): Promise<RecordedEvent[]> {
    const held = this.streams.get(streamId);
    if (held) return held;
    let loading = this.loading.get(streamId);
    if (!loading) {
      loading = this.copy(streamId);
      this.loading.set(streamId, loading);
    }
    const copied = await loading;
    if (!this.streams.has(streamId)) this.streams.set(streamId, copied);
    return this.streams.get(streamId)!;
  }

  private async copy(streamId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const event of this.base.readStream(streamId)) events.push(event);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    return events;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable('The overlay store is closed');
  }
}
