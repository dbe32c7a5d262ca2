import type { EventMetadata, JsonValue, RecordedEvent } from '../port/types';

/** A row of the events table as better-sqlite3 returns it (safe integers on). */
export interface EventRow {
  position: bigint;
  event_id: string;
  stream_id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  prev_hash: string | null;
  hash: string;
}

export const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, prev_hash, hash';

/** The chain fields live in their own columns; the rest of the metadata is JSON. */
export function rowToEvent(row: EventRow): RecordedEvent {
  // The freshly parsed metadata is ours: the chain fields go straight into it (no copy per event).
  const metadata = JSON.parse(row.metadata) as EventMetadata;
  metadata.prevHash = row.prev_hash;
  metadata.hash = row.hash;
  return {
    id: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    data: JSON.parse(row.data) as JsonValue,
    metadata,
  };
}
