import { v5 as uuidv5 } from 'uuid';
import { StreamNotFound, WrongExpectedVersion, type EventStore, type GlobalPosition, type RecordedEvent } from '@klaster/event-store';
import { isSealedStreamOf, sealStreamId, sealedStreamsFilter } from '../streams/cluster-streams';
import { SEAL_EVENT_TYPE, byStreamId, sealRoot, sealSchema, type Seal, type SealedHead, type UnsignedSeal } from './seal-format';
import { signSeal, type SealKey } from './seal-key';

/** Namespace of seal event ids (UUIDv5 of the cluster, the sequence and the root). */
const SEAL_ID_NAMESPACE = '0d7e6a1c-3c55-4b9e-9a2f-5e1b8f4c7d10';
/** Who records a seal: Klaster itself (not a person id, so no token carries it). */
export const SEAL_ACTOR = '$klaster';
const MAX_ATTEMPTS = 5;

/** A seal as recorded: its data and its event (stream revision, position, hash). */
export interface RecordedSeal {
  seal: Seal;
  event: RecordedEvent;
}

export interface SealOptions {
  key?: SealKey;
  now?: () => Date;
  correlationId?: string;
}

export interface SealOutcome {
  /** The cluster's latest seal: the one just made, or the previous one when nothing had changed since. */
  latest: RecordedSeal | undefined;
  /** False when the latest seal already covered every event of the cluster (nothing new was written). */
  created: boolean;
}

/** The cluster's latest seal, or undefined when it has none. Throws DamagedEvent if the seal stream's head is damaged. */
export async function latestSeal(store: EventStore, clusterId: string): Promise<RecordedSeal | undefined> {
  try {
    for await (const event of store.readStream(sealStreamId(clusterId), { direction: 'backwards', maxCount: 1 })) {
      return { seal: sealSchema.parse(event.data), event };
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return undefined;
}

/** Every seal of the cluster, oldest first. */
export async function* sealsOf(store: EventStore, clusterId: string): AsyncIterable<RecordedSeal> {
  try {
    for await (const event of store.readStream(sealStreamId(clusterId))) yield { seal: sealSchema.parse(event.data), event };
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
}

/** The first seal of the cluster that covers a position, if any. */
export async function sealCovering(store: EventStore, clusterId: string, position: GlobalPosition): Promise<RecordedSeal | undefined> {
  const latest = await latestSeal(store, clusterId);
  if (!latest || BigInt(latest.seal.throughPosition) < position) return undefined;
  for await (const recorded of sealsOf(store, clusterId)) if (BigInt(recorded.seal.throughPosition) >= position) return recorded;
  return latest;
}

/** One seal under way per cluster and store in this process; other processes are kept apart by the expected revision. */
const underWay = new WeakMap<EventStore, Map<string, Promise<SealOutcome>>>();

/**
 * Seals the cluster: appends to `seals-<clusterId>` a seal committing to the head of each of its
 * streams and to the previous seal — unless nothing of the cluster was written since the previous
 * one, which then stays the latest. The heads are the previous seal's, moved on by the events read
 * after it (each checked by the store as it is read), so a seal costs what was written since.
 *
 * Safe to call from several servers at once: the seal's event id is derived from the cluster, its
 * sequence and its root, and it is appended at the exact revision after the previous seal, so two
 * servers sealing the same heads write one seal, and a server that lost the race reads the winner's
 * and seals again only if the cluster has moved on since.
 */
export function sealCluster(store: EventStore, clusterId: string, options: SealOptions = {}): Promise<SealOutcome> {
  let perStore = underWay.get(store);
  if (!perStore) underWay.set(store, (perStore = new Map()));
  const running = perStore.get(clusterId);
  if (running) return running;
  const work = sealOnce(store, clusterId, options).finally(() => perStore!.delete(clusterId));
  perStore.set(clusterId, work);
  return work;
}

async function sealOnce(store: EventStore, clusterId: string, options: SealOptions): Promise<SealOutcome> {
  for (let attempt = 1; ; attempt++) {
    const previous = await latestSeal(store, clusterId);
    const bound = await store.headPosition();
    const heads = new Map<string, SealedHead>((previous?.seal.streams ?? []).map((h) => [h.streamId, h]));
    let through = previous ? BigInt(previous.seal.throughPosition) : 0n;
    let moved = false;
    for await (const event of store.readAll({ fromPosition: through, filter: sealedStreamsFilter(clusterId) })) {
      if (event.position > bound) break;
      if (!isSealedStreamOf(event.streamId, clusterId)) continue;
      heads.set(event.streamId, { streamId: event.streamId, revision: event.revision.toString(), hash: event.metadata.hash });
      through = event.position;
      moved = true;
    }
    if (!moved) return { latest: previous, created: false };
    const streams = [...heads.values()].sort(byStreamId);
    const unsigned: UnsignedSeal = {
      clusterId,
      sequence: (previous?.seal.sequence ?? 0) + 1,
      throughPosition: through.toString(),
      streams,
      root: sealRoot(streams),
      previous: previous ? { sequence: previous.seal.sequence, eventId: previous.event.id, hash: previous.event.metadata.hash, root: previous.seal.root } : null,
      sealedAt: (options.now?.() ?? new Date()).toISOString(),
    };
    const seal = options.key ? signSeal(unsigned, options.key) : unsigned;
    const eventId = uuidv5(`seal:${clusterId}:${seal.sequence}:${seal.root}`, SEAL_ID_NAMESPACE);
    try {
      const result = await store.append(
        sealStreamId(clusterId),
        [{ id: eventId, type: SEAL_EVENT_TYPE, data: seal, metadata: { actor: SEAL_ACTOR, correlationId: options.correlationId ?? eventId, causationId: previous?.event.id ?? eventId } }],
        { expectedRevision: previous ? previous.event.revision : 'no_stream' },
      );
      // Read back what the stream holds at that revision: another server may have written the same seal first.
      const stored = await latestSeal(store, clusterId);
      return { latest: stored, created: stored?.event.id === eventId && stored.event.revision === result.nextRevision };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
