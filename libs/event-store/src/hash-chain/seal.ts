import type { NewEvent, StreamRevision } from '../port/types';
import { canonicalData, hashEvent } from './hash-chain';

/** The last event of a stream, as far as the chain is concerned. */
export interface ChainHead {
  revision: StreamRevision;
  hash: string;
}

export interface SealedEvent {
  event: NewEvent;
  revision: StreamRevision;
  /** The stored metadata without the chain fields. */
  metadata: { actor: string; correlationId: string; causationId: string; recordedAt: string; occurredAt?: string; reference?: string; schemaVersion: number };
  prevHash: string | null;
  hash: string;
  /** The data's canonical JSON, which the hash covers: the embedded store keeps exactly these bytes. */
  dataText: string;
}

/**
 * Gives each event of an append its revision, its completed metadata and its link in the stream's
 * hash chain. Both adapters seal with this one function, so their chains are identical.
 */
export function sealEvents(streamId: string, events: readonly NewEvent[], head: ChainHead | undefined, recordedAt: string): SealedEvent[] {
  let revision = head ? head.revision : -1n;
  let prevHash: string | null = head ? head.hash : null;
  return events.map((event) => {
    revision += 1n;
    const metadata = {
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      recordedAt: event.metadata.recordedAt ?? recordedAt,
      // Present only when given, so an event without them hashes as events always did.
      ...(event.metadata.occurredAt ? { occurredAt: event.metadata.occurredAt } : {}),
      ...(event.metadata.reference ? { reference: event.metadata.reference } : {}),
      schemaVersion: event.metadata.schemaVersion ?? 1,
    };
    const dataText = canonicalData(event);
    const hash = hashEvent({ id: event.id, streamId, type: event.type, revision, data: event.data, metadata: { ...metadata, prevHash } }, dataText);
    const sealed = { event, revision, metadata, prevHash, hash, dataText };
    prevHash = hash;
    return sealed;
  });
}
