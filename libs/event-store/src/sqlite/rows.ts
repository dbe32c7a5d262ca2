import { DamagedEvent } from '../port/errors';
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
