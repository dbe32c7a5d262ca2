import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata, JsonValue, StreamRevision } from '../port/types';

/** The fields a hash covers: everything about an event except its global position and its own hash. */
export interface HashableEvent {
  id: string;
  streamId: string;
  type: string;
  revision: StreamRevision;
  data: JsonValue;
  metadata: Omit<EventMetadata, 'hash'>;
}

/**
 * sha256 (hex) over the RFC 8785 canonical JSON of the event. The metadata includes prevHash, so each
 * hash seals the whole stream before it: changing any stored byte breaks the chain from there on.
 */
export function hashEvent(event: HashableEvent): string {
  return createHash('sha256').update(canonicalEvent(event), 'utf8').digest('hex');
}

/**
 * canonicalize({ id, streamId, type, revision: "<decimal>", data, metadata }), built around the parts
 * that vary: the envelope's keys in their canonical order (data, id, metadata, revision, streamId,
 * type) and the flat metadata written directly — the same bytes, without walking the envelope.
 */
export function canonicalEvent(event: HashableEvent): string {
  const data = canonicalize(event.data);
  if (data === undefined) throw new Error(`Event ${event.id} cannot be canonicalised`);
  return (
    `{"data":${data},"id":${JSON.stringify(event.id)},"metadata":${canonicalFlat(event.metadata)},` +
    `"revision":${JSON.stringify(event.revision.toString())},"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`
  );
}

/** RFC 8785 for an object of strings, finite numbers, booleans and nulls (sorted keys); anything else goes to the library. */
function canonicalFlat(object: object): string {
  const keys = Object.keys(object).sort();
  let out = '';
  for (const key of keys) {
    const value = (object as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const type = typeof value;
    if (!(value === null || type === 'string' || type === 'boolean' || (type === 'number' && Number.isFinite(value)))) return canonicalize(object)!;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  return `{${out}}`;
}

export type ChainBreak =
  | { kind: 'hash_mismatch'; expected: string; stored: string }
  | { kind: 'broken_link'; expectedPrevHash: string | null; storedPrevHash: string | null }
  | { kind: 'revision_gap'; expectedRevision: StreamRevision }
  | { kind: 'unreadable'; reason: string };

export interface VerificationProblem {
  streamId: string;
  revision: StreamRevision;
  eventId: string;
  position: bigint;
  problem: ChainBreak;
}

export interface VerificationReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  problems: VerificationProblem[];
}

/**
 * Folds events (in global order) into per-stream chain state and reports every event whose
 * hash, link or revision is wrong. Store-agnostic: both adapters' `verify` use it.
 */
export class ChainVerifier {
  private readonly lastHash = new Map<string, { revision: StreamRevision; hash: string }>();
  private readonly problems: VerificationProblem[] = [];
  private checked = 0;

  check(event: {
    id: string;
    streamId: string;
    type: string;
    revision: StreamRevision;
    position: bigint;
    data: JsonValue;
    metadata: EventMetadata;
  }): void {
    this.checked++;
    const previous = this.lastHash.get(event.streamId);
    const expectedRevision = previous ? previous.revision + 1n : 0n;
    const expectedPrevHash = previous ? previous.hash : null;
    const where = { streamId: event.streamId, revision: event.revision, eventId: event.id, position: event.position };
    if (event.revision !== expectedRevision) {
      this.problems.push({ ...where, problem: { kind: 'revision_gap', expectedRevision } });
    }
    const { hash: storedHash, ...unsealed } = event.metadata;
    if (unsealed.prevHash !== expectedPrevHash) {
      this.problems.push({
        ...where,
        problem: { kind: 'broken_link', expectedPrevHash, storedPrevHash: unsealed.prevHash },
      });
    }
    const recomputed = hashEvent({ ...event, metadata: unsealed });
    if (recomputed !== storedHash) {
      this.problems.push({ ...where, problem: { kind: 'hash_mismatch', expected: recomputed, stored: storedHash } });
    }
    this.lastHash.set(event.streamId, { revision: event.revision, hash: storedHash });
  }

  unreadable(where: { streamId: string; revision: StreamRevision; eventId: string; position: bigint }, reason: string): void {
    this.checked++;
    this.problems.push({ ...where, problem: { kind: 'unreadable', reason } });
  }

  report(): VerificationReport {
    return {
      ok: this.problems.length === 0,
      eventsChecked: this.checked,
      streamsChecked: this.lastHash.size,
      problems: [...this.problems],
    };
  }
}
