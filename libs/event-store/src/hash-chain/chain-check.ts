import type { ChainBreak, EventDamage } from '../port/damage';
import { DamagedEvent } from '../port/errors';
import type { RecordedEvent, StreamRevision } from '../port/types';
import { hashEvent, type VerificationReport } from './hash-chain';

/** The event before another in its stream, as far as the chain goes. */
export interface ChainLink {
  revision: StreamRevision;
  hash: string;
}

/**
 * What is known of an event's predecessor: the event itself, 'missing' (looked up: there is no event
 * at revision - 1), or undefined (not known: only the event's own hash is checked).
 */
export type Predecessor = ChainLink | 'missing' | undefined;

/**
 * Filled in by a check given one: whether the event's hash held over its stored data text as it is —
 * then those bytes are the canonical JSON the hash covers (SqliteEventStore.readAllWithJson hands them out).
 */
export interface DataHashed {
  asStored: boolean;
}

/**
 * The first thing wrong with a recorded event: its own hash first, then its link to its predecessor.
 * `storedData` is the data's text as stored, when the adapter has it: kept canonical, it is hashed as
 * it is (no canonicalisation, and any changed byte shows); text that is not (an event stored before
 * the embedded store kept data canonical) is checked through the parsed value.
 */
export function breakOf(event: RecordedEvent, predecessor: Predecessor, storedData?: string, hashed?: DataHashed): ChainBreak | undefined {
  const { hash: stored, ...unsealed } = event.metadata;
  let recomputed: string;
  if (hashed) hashed.asStored = false;
  try {
    const sealed = { ...event, metadata: unsealed };
    recomputed = storedData === undefined ? hashEvent(sealed) : hashEvent(sealed, storedData);
    if (recomputed !== stored && storedData !== undefined) recomputed = hashEvent(sealed);
    else if (hashed && storedData !== undefined) hashed.asStored = true;
  } catch (error) {
    return { kind: 'unreadable', reason: (error as Error).message };
  }
  if (recomputed !== stored) return { kind: 'hash_mismatch', expected: recomputed, stored };
  if (event.revision === 0n) {
    return unsealed.prevHash === null ? undefined : { kind: 'broken_link', expectedPrevHash: null, storedPrevHash: unsealed.prevHash };
  }
  if (predecessor === undefined) return undefined;
  if (predecessor === 'missing') return { kind: 'revision_gap', missingRevision: event.revision - 1n };
  if (predecessor.revision !== event.revision - 1n) return { kind: 'revision_gap', missingRevision: predecessor.revision + 1n };
  if (unsealed.prevHash !== predecessor.hash) return { kind: 'broken_link', expectedPrevHash: predecessor.hash, storedPrevHash: unsealed.prevHash };
  return undefined;
}

export function damageAt(event: Pick<RecordedEvent, 'streamId' | 'revision' | 'id' | 'position'>, problem: ChainBreak): EventDamage {
  return { streamId: event.streamId, revision: event.revision, eventId: event.id, position: event.position, problem };
}

/** Throws DamagedEvent when the event is damaged (see breakOf). */
export function assertIntact(event: RecordedEvent, predecessor: Predecessor, storedData?: string, hashed?: DataHashed): void {
  const problem = breakOf(event, predecessor, storedData, hashed);
  if (problem) throw new DamagedEvent(damageAt(event, problem));
}

/** Finds the stored event at a revision of a stream (its hash as stored), or undefined when there is none. */
export type LinkLookup = (streamId: string, revision: StreamRevision) => ChainLink | undefined | Promise<ChainLink | undefined>;

/**
 * Checks events read forwards (one stream in revision order, or the log in position order): each
 * event's hash, and its prevHash against the event before it in its stream — the one this read
 * delivered last, or, for the first event of a stream in this read, the one the lookup finds.
 * Remembers the last event of up to `capacity` streams; a stream it forgot costs one lookup.
 */
export class ForwardChainCheck {
  private readonly heads = new Map<string, ChainLink>();

  constructor(
    private readonly lookup: LinkLookup,
    private readonly capacity = 10_000,
  ) {}

  /** Throws DamagedEvent; returns a promise only when it had to wait for an asynchronous lookup. */
  check(event: RecordedEvent, storedData?: string, hashed?: DataHashed): void | Promise<void> {
    if (event.revision === 0n) return this.settle(event, undefined, storedData, hashed);
    const known = this.heads.get(event.streamId);
    if (known && known.revision === event.revision - 1n) return this.settle(event, known, storedData, hashed);
    const found = this.lookup(event.streamId, event.revision - 1n);
    if (found instanceof Promise) return found.then((link) => this.settle(event, link ?? 'missing', storedData, hashed));
    return this.settle(event, found ?? 'missing', storedData, hashed);
  }

  private settle(event: RecordedEvent, predecessor: Predecessor, storedData: string | undefined, hashed: DataHashed | undefined): void {
    assertIntact(event, predecessor, storedData, hashed);
    const link = { revision: event.revision, hash: event.metadata.hash };
    this.heads.delete(event.streamId);
    this.heads.set(event.streamId, link);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }
}

/**
 * Checks one stream read backwards: each event's hash, and between consecutive events that the lower
 * one is the revision right below and has the hash the higher one names as its prevHash (a break is
 * reported on the higher event, already delivered). The lowest event's own link is not checked.
 */
export class BackwardChainCheck {
  private above: RecordedEvent | undefined;

  check(event: RecordedEvent, storedData?: string): void {
    assertIntact(event, undefined, storedData);
    const above = this.above;
    this.above = event;
    if (!above) return;
    if (event.revision !== above.revision - 1n) {
      throw new DamagedEvent(damageAt(above, { kind: 'revision_gap', missingRevision: above.revision - 1n }));
    }
    if (above.metadata.prevHash !== event.metadata.hash) {
      throw new DamagedEvent(damageAt(above, { kind: 'broken_link', expectedPrevHash: event.metadata.hash, storedPrevHash: above.metadata.prevHash }));
    }
  }
}

/**
 * Folds events read from the start of the log (in position order) into a report of every damaged
 * one, without stopping: for checking events that are already in memory.
 */
export class ChainVerifier {
  private readonly last = new Map<string, ChainLink>();
  private readonly problems: EventDamage[] = [];
  private checked = 0;

  check(event: RecordedEvent): void {
    this.checked++;
    const problem = breakOf(event, this.last.get(event.streamId) ?? 'missing');
    if (problem) this.problems.push(damageAt(event, problem));
    this.last.set(event.streamId, { revision: event.revision, hash: event.metadata.hash });
  }

  report(): VerificationReport {
    return { ok: this.problems.length === 0, eventsChecked: this.checked, streamsChecked: this.last.size, problems: [...this.problems] };
  }
}

export function isDamaged(error: unknown): error is DamagedEvent {
  return error instanceof DamagedEvent;
}

export type { VerificationReport };
