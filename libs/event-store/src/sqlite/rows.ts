import { DamagedEvent } from '../port/errors';
import type { EventWithJson } from '../port/json-text';
import type { EventMetadata, JsonValue, RecordedEvent } from '../port/types';

/**
 * A row of the events table as better-sqlite3's raw mode returns it: the EVENT_COLUMNS, in that order,
 * as an array (safe integers on). Arrays cost about half what row objects do on a long read.
 */
export type EventRow = [
  position: bigint,
  eventId: string,
  streamId: string,
  revision: bigint,
  type: string,
  data: string,
  metadata: string,
  prevHash: string | null,
  hash: string,
];

export const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, prev_hash, hash';

/** Where each column sits in an EventRow. */
export const COL = { position: 0, eventId: 1, streamId: 2, revision: 3, type: 4, data: 5, metadata: 6, prevHash: 7, hash: 8 } as const;

/** The chain fields live in their own columns; the rest of the metadata is JSON. */
export function rowToEvent(row: EventRow): RecordedEvent {
  // The freshly parsed metadata is ours: the chain fields go straight into it (no copy per event).
  const metadata = JSON.parse(row[COL.metadata]) as EventMetadata;
  metadata.prevHash = row[COL.prevHash];
  metadata.hash = row[COL.hash];
  return {
    id: row[COL.eventId],
    type: row[COL.type],
    streamId: row[COL.streamId],
    revision: row[COL.revision],
    position: row[COL.position],
    data: JSON.parse(row[COL.data]) as JsonValue,
    metadata,
  };
}

/** rowToEvent, or DamagedEvent ('unreadable') naming the row when its stored bytes do not parse. */
export function readRow(row: EventRow): RecordedEvent {
  try {
    return rowToEvent(row);
  } catch (error) {
    throw new DamagedEvent({
      streamId: row[COL.streamId],
      revision: row[COL.revision],
      eventId: row[COL.eventId],
      position: row[COL.position],
      problem: { kind: 'unreadable', reason: (error as Error).message },
    });
  }
}

/** A key that is an array index ("0", "12"): JavaScript objects list those first, whatever the text's order. */
const INDEX_KEY = /[{,]"\d+":/;

/**
 * The stored data text as `JSON.stringify(event.data)` writes it, or undefined. The embedded store keeps
 * data as its canonical JSON (RFC 8785); when the event's hash held over those very bytes they are that,
 * and parsing and serialising them again gives them back unchanged — unless an object has index keys,
 * which canonical JSON sorts as text and JSON.stringify writes first.
 */
export function dataJsonOf(stored: string, hashedAsStored: boolean): string | undefined {
  return hashedAsStored && !INDEX_KEY.test(stored) ? stored : undefined;
}

/**
 * A JSON string as JSON.stringify writes it, kept to the plain case (no escape, no surrogate: one
 * character class, cheap to match); a string with one is left to JSON.stringify.
 */
const STRING = String.raw`"[^"\\\u0000-\u001f\ud800-\udfff]*"`;
/**
 * The metadata text exactly as the writer writes it (JSON.stringify of sealEvents' metadata, in its key
 * order): any other text (edited in the file, written by an older build) may not be what
 * JSON.stringify of the parsed object gives back.
 */
const WRITTEN_METADATA = new RegExp(
  String.raw`^\{"actor":${STRING},"correlationId":${STRING},"causationId":${STRING},"recordedAt":${STRING}(?:,"occurredAt":${STRING})?(?:,"reference":${STRING})?,"schemaVersion":(?:0|-?[1-9]\d{0,14})\}$`,
);

/**
 * `JSON.stringify(event.metadata)` from the stored text, or undefined: the parsed metadata gets the chain
 * fields after its own (rowToEvent), so its JSON is the stored text with them added at the end.
 */
export function metadataJsonOf(row: EventRow): string | undefined {
  const stored = row[COL.metadata];
  if (!WRITTEN_METADATA.test(stored)) return undefined;
  return `${stored.slice(0, -1)},"prevHash":${JSON.stringify(row[COL.prevHash])},"hash":${JSON.stringify(row[COL.hash])}}`;
}

/** An event read with its row: the JSON texts are worked out when asked for (a CSV export never asks). */
export class StoredJson implements EventWithJson {
  constructor(
    readonly event: RecordedEvent,
    private readonly row: EventRow,
    /** Whether the event's hash held over the stored data text as it is (DataHashed). */
    private readonly dataHashedAsStored: boolean,
  ) {}

  get dataJson(): string | undefined {
    return dataJsonOf(this.row[COL.data], this.dataHashedAsStored);
  }

  get metadataJson(): string | undefined {
    return metadataJsonOf(this.row);
  }
}
