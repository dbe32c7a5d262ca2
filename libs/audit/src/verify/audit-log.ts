import type { KeyObject } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  DamagedEvent,
  START,
  StreamNotFound,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type StreamRevision,
} from '@klaster/event-store';
import { aggregateOf, clusterStreamsFilter, isStreamOf } from '../streams/cluster-streams';
import { SEAL_EVENT_TYPE, sealRoot, sealSchema, type Seal } from '../seal/seal-format';
import { signatureFault } from '../seal/seal-key';
import { because, breakReason, explained, kindOfBreak, type AuditFinding } from './findings';

export interface AuditLogOptions {
  /** Only this cluster's streams (and seals); otherwise the whole log. */
  clusterId?: string;
  /** Check every seal's signature with this key (an unsigned seal is then a bad signature). */
  publicKey?: KeyObject;
  /** Seals an auditor kept (from an earlier export): the log must still hold each, as it was. */
  expectSeals?: { clusterId: string; sequence: number; hash: string }[];
  /** Stop after this position (inclusive); by default the head when the walk begins. */
  toPosition?: GlobalPosition;
  onProgress?: (progress: AuditProgress) => void;
  progressEvery?: number;
  shouldStop?: () => boolean;
}

export interface AuditProgress {
  eventsChecked: number;
  position: GlobalPosition;
  target: GlobalPosition;
}

export interface AuditReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  sealsChecked: number;
  /** Seals whose signature was checked (with the public key given). */
  signaturesChecked: number;
  /** Every problem, in the order the walk found them: the first is the first broken event. */
  problems: AuditFinding[];
  lastPosition?: GlobalPosition;
  target: GlobalPosition;
  stopped: boolean;
}

interface StreamState {
  revision: StreamRevision;
  hash: string | undefined;
  firstPosition: GlobalPosition;
}

interface SealState {
  sequence: number;
  eventId: string;
  hash: string;
  root: string;
}

/**
 * The auditor's walk over the log (through the port: either store): every event's hash and link (the
 * store checks them as it reads), the order of each stream's revisions, and every seal — its root,
 * its link to the previous seal, its signature, and each stream head it commits to against what the
 * log holds — so that a changed, missing, reordered or truncated event, a deleted stream or a
 * rewritten log (without the key) is named. Goes on past each problem, so one report names them all.
 */
export async function auditLog(store: EventStore, options: AuditLogOptions = {}): Promise<AuditReport> {
  const target = options.toPosition ?? (await store.headPosition());
  const streams = new Map<string, StreamState>();
  const lastSeal = new Map<string, SealState>();
  const seenSeals = new Map<string, string>();
  const problems: AuditFinding[] = [];
  const every = options.progressEvery ?? 5_000;
  const filter = options.clusterId ? clusterStreamsFilter(options.clusterId) : undefined;
  let checked = 0;
  let sealsChecked = 0;
  let signaturesChecked = 0;
  let after = START;
  let lastPosition: GlobalPosition | undefined;
  let stopped = false;

  // Synchronous but for a seal (which may read a stream): no wait per event on a long walk.
  const onEvent = (event: RecordedEvent): Promise<void> | undefined => {
    const state = streams.get(event.streamId);
    if (state && event.revision !== state.revision + 1n) {
      problems.push({
        kind: 'reordered',
        streamId: event.streamId,
        revision: event.revision,
        eventId: event.id,
        position: event.position,
        ...because('finding.reorderedAfter', { revision: event.revision.toString(), previous: state.revision.toString() }),
      });
    } else if (!state && event.revision !== 0n) {
      // The store found its predecessor, but later in the log.
      problems.push({ kind: 'reordered', streamId: event.streamId, revision: event.revision, eventId: event.id, position: event.position, ...because('finding.reorderedFirst', { revision: event.revision.toString() }) });
    }
    if (!state) streams.set(event.streamId, { revision: event.revision, hash: event.metadata.hash, firstPosition: event.position });
    else if (event.revision > state.revision) Object.assign(state, { revision: event.revision, hash: event.metadata.hash });
    if (event.type === SEAL_EVENT_TYPE && aggregateOf(event.streamId)?.kind === 'seal') return checkSeal(event);
    return undefined;
  };

  const checkSeal = async (event: RecordedEvent) => {
    sealsChecked++;
    const at = (reason: Pick<AuditFinding, 'reason' | 'detail'>, kind: AuditFinding['kind'] = 'changed'): AuditFinding => ({ kind, streamId: event.streamId, revision: event.revision, eventId: event.id, position: event.position, ...reason });
    const parsed = sealSchema.safeParse(event.data);
    const clusterId = aggregateOf(event.streamId)!.clusterId;
    if (!parsed.success || parsed.data.clusterId !== clusterId) {
      problems.push(at(because('finding.sealUnreadable')));
      return;
    }
    const seal = parsed.data;
    const ref = { clusterId, sequence: seal.sequence, position: event.position };
    seenSeals.set(`${clusterId}#${seal.sequence}`, event.metadata.hash);
    if (sealRoot(seal.streams) !== seal.root) problems.push(at(because('finding.sealRoot', { sequence: seal.sequence })));
    const before = lastSeal.get(clusterId);
    const expectedPrevious = before ? { sequence: before.sequence, eventId: before.eventId, hash: before.hash, root: before.root } : null;
    if (seal.sequence !== (before?.sequence ?? 0) + 1 || JSON.stringify(seal.previous) !== JSON.stringify(expectedPrevious)) {
      problems.push(at(because('finding.sealOutOfLine', { sequence: seal.sequence, previous: before?.sequence ?? 'none', previousEvent: before?.eventId ?? '' })));
    }
    lastSeal.set(clusterId, { sequence: seal.sequence, eventId: event.id, hash: event.metadata.hash, root: seal.root });
    if (options.publicKey) {
      signaturesChecked++;
      const fault = signatureFault(seal, options.publicKey);
      if (fault) problems.push(at(because('finding.sealSignature', { sequence: seal.sequence }, fault), 'bad_signature'));
    }
    await checkHeads(seal, ref);
  };

  const checkHeads = async (seal: Seal, ref: NonNullable<AuditFinding['seal']>) => {
    const listed = new Set<string>();
    for (const head of seal.streams) {
      listed.add(head.streamId);
      const revision = BigInt(head.revision);
      const state = streams.get(head.streamId);
      const finding = (kind: AuditFinding['kind'], reason: Pick<AuditFinding, 'reason' | 'detail'>): AuditFinding => ({ kind, streamId: head.streamId, revision, seal: ref, ...reason });
      if (!state) {
        problems.push(finding('missing', because('finding.headNotInLog', { sequence: seal.sequence, revision: revision.toString() })));
      } else if (state.revision < revision) {
        problems.push(finding('truncated', because('finding.headTruncated', { end: state.revision.toString(), sequence: seal.sequence, revision: revision.toString() })));
      } else {
        const hash = state.revision === revision ? state.hash : await hashAt(store, head.streamId, revision);
        if (hash !== undefined && hash !== head.hash) problems.push(finding('changed', because('finding.headRewritten', { revision: revision.toString(), sequence: seal.sequence })));
      }
    }
    const through = BigInt(seal.throughPosition);
    for (const [streamId, state] of streams) {
      if (listed.has(streamId) || state.firstPosition > through || !isStreamOf(streamId, seal.clusterId) || aggregateOf(streamId)?.kind === 'seal') continue;
      problems.push({ kind: 'changed', streamId, revision: 0n, position: state.firstPosition, seal: ref, ...because('finding.streamUnlisted', { through: through.toString(), sequence: seal.sequence }) });
    }
  };

  while (true) {
    try {
      for await (const event of store.readAll({ fromPosition: after, filter })) {
        if (event.position > target) break;
        if (options.clusterId && !isStreamOf(event.streamId, options.clusterId)) continue;
        checked++;
        lastPosition = after = event.position;
        const sealChecked = onEvent(event);
        if (sealChecked) await sealChecked;
        if (checked % every === 0) {
          options.onProgress?.({ eventsChecked: checked, position: event.position, target });
          await nextTurn();
          if (options.shouldStop?.()) {
            stopped = true;
            break;
          }
        }
      }
      break;
    } catch (error) {
      if (!(error instanceof DamagedEvent)) throw error;
      const d = error.damage;
      if (d.position > target) break;
      checked++;
      lastPosition = after = d.position;
      problems.push({ kind: kindOfBreak(d.problem), streamId: d.streamId, revision: d.revision, eventId: d.eventId, position: d.position, ...explained(breakReason(d.problem)) });
      const state = streams.get(d.streamId);
      if (!state) streams.set(d.streamId, { revision: d.revision, hash: undefined, firstPosition: d.position });
      else if (d.revision > state.revision) Object.assign(state, { revision: d.revision, hash: undefined });
    }
  }
  for (const expected of options.expectSeals ?? []) {
    const found = seenSeals.get(`${expected.clusterId}#${expected.sequence}`);
    if (found === expected.hash) continue;
    problems.push({
      kind: found ? 'changed' : 'truncated',
      streamId: `seals-${expected.clusterId}`,
      revision: BigInt(expected.sequence - 1),
      ...because(found ? 'finding.keptSealDiffers' : 'finding.keptSealMissing', { sequence: expected.sequence }),
    });
  }
  if (lastPosition !== undefined) options.onProgress?.({ eventsChecked: checked, position: lastPosition, target });
  return { ok: problems.length === 0, eventsChecked: checked, streamsChecked: streams.size, sealsChecked, signaturesChecked, problems, lastPosition, target, stopped };
}

/** The stored hash of one event (checked by the store as it reads it), or undefined when it cannot be read. */
async function hashAt(store: EventStore, streamId: string, revision: StreamRevision): Promise<string | undefined> {
  try {
    for await (const event of store.readStream(streamId, { from: revision, maxCount: 1 })) return event.revision === revision ? event.metadata.hash : undefined;
  } catch (error) {
    if (!(error instanceof DamagedEvent || error instanceof StreamNotFound)) throw error;
  }
  return undefined;
}
