import {
  END,
  START as ESDB_START,
  type AllStreamResolvedEvent,
  type EventData,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { sealEvents as sealChain, type ChainHead } from '../hash-chain/seal';
import type {
  AppendResult,
  Direction,
  EventMetadata,
  JsonValue,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
} from '../port/types';
export type { ChainHead };
import { START } from '../port/types';
import { UnsupportedServer } from '../port/errors';
import { knownPosition } from './esdb-server';

/**
 * Builds the events to send, sealing each one's hash exactly as the SQLite adapter does: the hash covers
 * id, stream, type, revision, data and the metadata including prevHash. ESDB's reserved `$correlationId`
 * and `$causationId` are stored alongside so the server's own tooling can follow causation.
 */
export function sealEvents(
  streamId: string,
  events: readonly NewEvent[],
  head: ChainHead | undefined,
  recordedAt: string,
): EventData[] {
  return sealChain(streamId, events, head, recordedAt).map(({ event, metadata, prevHash, hash }) => {
    const stored = { ...metadata, prevHash, hash, $correlationId: metadata.correlationId, $causationId: metadata.causationId };
    // The client JSON.stringifies any data; its JSONType just does not list bare numbers, booleans and null.
    return { id: event.id, contentType: 'application/json', type: event.type, data: event.data as never, metadata: stored } as EventData;
  });
}

/** UTF-8 bytes of what an append sends (data plus metadata), to report an oversized batch. */
export function appendBytes(events: readonly EventData[]): number {
  return events.reduce(
    (sum, e) => sum + Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata ?? null)),
    0,
  );
}

/** Maps a client event to the port's shape; undefined for a link whose target is gone (nothing to deliver). */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  // The record's own position; a read of $all also gives it beside the record.
  const position = knownPosition(event.position?.commit) ?? knownPosition(resolved.commitPosition);
  if (position === undefined) {
    throw new UnsupportedServer(
      `EventStoreDB returned event ${event.id} of stream '${event.streamId}' without its position ` +
        `(${String(event.position?.commit ?? 'none')}): Klaster needs EventStoreDB 23.10 or later`,
    );
  }
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    // The successor client has returned numbers where bigints were declared.
    revision: BigInt(event.revision),
    position,
    data: event.isJson ? (event.data as JsonValue) : Buffer.from(event.data as Uint8Array).toString('base64'),
    metadata: toPortMetadata(event.metadata, event.created),
  };
}

/**
 * Reads the port's metadata back out of ESDB's custom metadata. An event written by another tool lacks
 * some fields; it gets neutral values (and an empty hash, which chain verification reports).
 */
export function toPortMetadata(raw: unknown, created: Date): EventMetadata {
  const m = raw !== null && typeof raw === 'object' && !(raw instanceof Uint8Array) ? (raw as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    actor: text(m.actor),
    correlationId: text(m.correlationId),
    causationId: text(m.causationId),
    recordedAt: typeof m.recordedAt === 'string' ? m.recordedAt : created.toISOString(),
    ...(typeof m.occurredAt === 'string' ? { occurredAt: m.occurredAt } : {}),
    ...(typeof m.reference === 'string' ? { reference: m.reference } : {}),
    schemaVersion: typeof m.schemaVersion === 'number' ? m.schemaVersion : 1,
    prevHash: typeof m.prevHash === 'string' ? m.prevHash : null,
    hash: text(m.hash),
  };
}

/** The port defaults to the first event forwards and the last backwards ('start' backwards too, as SQLite does). */
export function toReadRevision(from: ReadStreamOptions['from'], direction: Direction): ReadRevision {
  if (from === undefined || from === 'start') return direction === 'backwards' ? END : ESDB_START;
  if (from === 'end') return END;
  return from;
}

/** A port position as the client's: START stays START; otherwise commit and prepare are equal for every event. */
export function toReadPosition(position: bigint): ReadPosition {
  return position === START ? ESDB_START : { commit: position, prepare: position };
}

/** The client's append result in the port's shape, or undefined when ESDB gave no position (see the adapter). */
export function toAppendResult(result: { nextExpectedRevision: bigint | number; position?: { commit: bigint | number } }): AppendResult | undefined {
  if (!result.position || BigInt(result.position.commit) < 0n) return undefined;
  return { nextRevision: BigInt(result.nextExpectedRevision), position: BigInt(result.position.commit) };
}
