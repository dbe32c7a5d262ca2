import * as crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata, JsonValue, StreamRevision } from '../port/types';
import type { EventDamage } from '../port/damage';

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
export function hashEvent(event: HashableEvent, canonicalData?: string): string {
  return sha256Hex(canonicalEvent(event, canonicalData));
}

/** RFC 8785 canonical JSON of an event's data: what its hash covers, and what the embedded store keeps. */
export function canonicalData(event: Pick<HashableEvent, 'id' | 'data'>): string {
  const data = canonicalize(event.data);
  if (data === undefined) throw new Error(`Event ${event.id} cannot be canonicalised`);
  return data;
}

/**
 * One-shot `crypto.hash` (Node 20.12+) is several times faster than a Hash object per event, which
 * matters now that every event read is checked; the same digest either way.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = oneShot
  ? (text: string) => oneShot('sha256', text, 'hex')
  : (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * canonicalize({ id, streamId, type, revision: "<decimal>", data, metadata }), built around the parts
 * that vary: the envelope's keys in their canonical order (data, id, metadata, revision, streamId,
 * type) and the flat metadata written directly — the same bytes, without walking the envelope.
 * `canonicalDataText`, when given, is taken as the data's canonical JSON as it is (not checked).
 */
export function canonicalEvent(event: HashableEvent, canonicalDataText?: string): string {
  // The data's canonical text when the caller has it already (sealing; a stored copy being checked).
  const data = canonicalDataText ?? canonicalData(event);
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

export type { ChainBreak } from '../port/damage';

/** A damaged event, as a verification reports it. */
export type VerificationProblem = EventDamage;

export interface VerificationReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  problems: VerificationProblem[];
  /** Position of the last event checked (undefined when none was). */
  lastPosition?: bigint;
}
