/**
 * The event-store port: the only way anything in Klaster writes or reads the log.
 * Both adapters (embedded SQLite, EventStoreDB) implement it with identical behaviour,
 * proven by the contract suite in libs/event-store/test/contract.
 */

/** 0-based position of an event inside its stream (EventStoreDB's revision). */
export type StreamRevision = bigint;
/** Strictly increasing, gaps allowed, only ever compared (ESDB commit position; SQLite rowid). */
export type GlobalPosition = bigint;

/** The position before the first event of the log: reading "after START" yields everything. */
export const START: GlobalPosition = 0n;

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | StreamRevision;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What a writer supplies; the store adds recordedAt (if absent) and the hash chain. */
export interface NewEventMetadata {
  actor: string;
  correlationId: string;
  causationId: string;
  /** ISO-8601 instant the event was recorded; defaults to the store's clock at append. */
  recordedAt?: string;
  /**
   * ISO-8601 instant the act occurred — the same moment as recordedAt for an act done in Klaster, an
   * earlier one for an act recorded after the fact (a meeting of 2016 entered from its minutes).
   */
  occurredAt?: string;
  /** The document an act recorded after the fact cites ("protokół nr 3/2016"). */
  reference?: string;
  /** Version of the event's data schema, for upcasting on read; defaults to 1. */
  schemaVersion?: number;
}

export interface NewEvent<Data extends JsonValue = JsonValue> {
  /** A UUID. Re-sending the same ids is how a retried append stays idempotent. */
  id: string;
  type: string;
  data: Data;
  metadata: NewEventMetadata;
}

export interface EventMetadata {
  actor: string;
  correlationId: string;
  causationId: string;
  recordedAt: string;
  /** When the act occurred; absent in events written before acts carried it (then: recordedAt). */
  occurredAt?: string;
  /** The document an act recorded after the fact cites. */
  reference?: string;
  schemaVersion: number;
  /** Hash of the previous event of the same stream; null for revision 0. */
  prevHash: string | null;
  /** sha256 over the canonical JSON of the event (see hash-chain). */
  hash: string;
}

export interface RecordedEvent<Data extends JsonValue = JsonValue> {
  id: string;
  type: string;
  streamId: string;
  revision: StreamRevision;
  position: GlobalPosition;
  data: Data;
  metadata: EventMetadata;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event written: the stream's new revision. */
  nextRevision: StreamRevision;
  /** Global position of the last event written. */
  position: GlobalPosition;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive start revision; defaults to the first event (forwards) or the last (backwards). */
  from?: StreamRevision | 'start' | 'end';
  direction?: Direction;
  maxCount?: number;
}

/**
 * Narrows a read or subscription. Both lists may be given; an event must match each given list.
 * System streams/events of EventStoreDB (those starting with `$`) are never delivered.
 */
export interface EventFilter {
  streamPrefixes?: string[];
  eventTypes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: yields events strictly after this position. Defaults to START. */
  fromPosition?: GlobalPosition;
  filter?: EventFilter;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive: the subscription yields events strictly after this position. */
  fromPosition?: GlobalPosition;
  filter?: EventFilter;
}

/**
 * A subscription yields events, progress checkpoints (so a filtered subscription can save its
 * progress past events it does not want) and one "caught up" signal when it reaches the live head.
 */
export type SubscriptionMessage =
  | { kind: 'event'; event: RecordedEvent }
  | { kind: 'checkpoint'; position: GlobalPosition }
  | { kind: 'caught_up'; position: GlobalPosition };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Ends the iteration; resolves once the underlying resources are released. */
  stop(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFound when iterated if the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last event in the log (START when empty). */
  headPosition(): Promise<GlobalPosition>;
  close(): Promise<void>;
}

/** When an act occurred: its `occurredAt`, or — in events written before acts carried it — when it was recorded. */
export const occurredAtOf = (event: Pick<RecordedEvent, 'metadata'>): string => event.metadata.occurredAt ?? event.metadata.recordedAt;
