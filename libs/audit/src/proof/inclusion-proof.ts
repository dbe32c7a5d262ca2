import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { StreamNotFound, type EventStore, type RecordedEvent, type StreamRevision } from '@klaster/event-store';
import { aggregateOf, sealStreamId } from '../streams/cluster-streams';
import { inclusionPath, leafHash, rootFromPath } from '../seal/merkle';
import { SEAL_EVENT_TYPE, leafText, sealSchema, type Seal } from '../seal/seal-format';
import { signatureFault } from '../seal/seal-key';
import { reasonText, type FindingReason } from '../verify/findings';
import type { MessageKey } from '../messages/catalogue';
import { sealCluster, sealCovering, type SealOptions } from '../seal/sealer';
import { eventJsonSchema, eventToJson, recomputedHash, type EventJson } from './event-json';

export const PROOF_FORMAT = 'klaster-inclusion-proof/1';

export const inclusionProofSchema = z.object({
  format: z.literal(PROOF_FORMAT),
  event: eventJsonSchema,
  chain: z.array(eventJsonSchema),
  seal: eventJsonSchema,
  leafIndex: z.number().int().min(0),
  treeSize: z.number().int().min(1),
  path: z.array(z.string()),
});
export type InclusionProof = z.infer<typeof inclusionProofSchema>;

export class NoSuchEvent extends Error {}

/**
 * The proof that an event is in the log the cluster's seal commits to: the event, the events of its
 * stream after it up to the head the seal lists, the Merkle path of that head to the seal's root, and
 * the seal event. Uses the first seal covering the event; seals the cluster first when none does yet.
 */
export async function buildInclusionProof(store: EventStore, clusterId: string, streamId: string, revision: StreamRevision, sealing: SealOptions = {}): Promise<InclusionProof> {
  const aggregate = aggregateOf(streamId);
  if (!aggregate || aggregate.clusterId !== clusterId || aggregate.kind === 'seal') throw new NoSuchEvent(`No event of cluster ${clusterId} at ${streamId}@${revision}`);
  const event = await eventAt(store, streamId, revision);
  if (!event) throw new NoSuchEvent(`No event at revision ${revision} of ${streamId}`);
  const sealed = (await sealCovering(store, clusterId, event.position)) ?? (await sealCluster(store, clusterId, sealing)).latest;
  if (!sealed || BigInt(sealed.seal.throughPosition) < event.position) throw new Error(`No seal of ${clusterId} covers position ${event.position}`);
  const leafIndex = sealed.seal.streams.findIndex((h) => h.streamId === streamId);
  if (leafIndex < 0) throw new Error(`Seal ${sealed.seal.sequence} of ${clusterId} does not list ${streamId}`);
  const head = BigInt(sealed.seal.streams[leafIndex].revision);
  const chain: EventJson[] = [];
  if (head > revision) for await (const e of store.readStream(streamId, { from: revision + 1n, maxCount: Number(head - revision) })) chain.push(eventToJson(e));
  const leaves = sealed.seal.streams.map((h) => leafHash(leafText(h)));
  return { format: PROOF_FORMAT, event: eventToJson(event), chain, seal: eventToJson(sealed.event), leafIndex, treeSize: leaves.length, path: inclusionPath(leaves, leafIndex) };
}

async function eventAt(store: EventStore, streamId: string, revision: StreamRevision): Promise<RecordedEvent | undefined> {
  try {
    for await (const e of store.readStream(streamId, { from: revision, maxCount: 1 })) return e.revision === revision ? e : undefined;
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return undefined;
}

export interface ProofCheck {
  ok: boolean;
  /** What does not hold, in English words; empty when the proof holds. */
  problems: string[];
  /** The same, as messages of the audit's catalogue (`proof.*`), to word in either language. */
  reasons: FindingReason[];
  /** Whether the seal's signature was checked (a public key was given). */
  signatureChecked: boolean;
  event?: { streamId: string; revision: string; id: string; type: string; hash: string };
  seal?: { clusterId: string; sequence: number; root: string; throughPosition: string; sealedAt: string; keyId?: string };
}

/**
 * Checks an inclusion proof offline, needing nothing but the proof, the event (optional: the proof's
 * own when not given) and the server's public seal key (docs/formats.md, "Inclusion proof").
 */
export function checkInclusionProof(input: unknown, options: { event?: unknown; publicKey?: KeyObject } = {}): ProofCheck {
  const parsed = inclusionProofSchema.safeParse(input);
  if (!parsed.success) {
    const notAProof: FindingReason = { key: 'proof.notAProof', params: { format: PROOF_FORMAT, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
    return { ok: false, problems: [reasonText(notAProof, 'en')], reasons: [notAProof], signatureChecked: false };
  }
  const proof = parsed.data;
  const problems: FindingReason[] = [];
  const fault = (key: MessageKey, params?: FindingReason['params'], cause?: FindingReason): FindingReason => ({ key, ...(params ? { params } : {}), ...(cause ? { cause } : {}) });
  const { event } = proof;
  if (options.event !== undefined) {
    const given = eventJsonSchema.safeParse(options.event);
    if (!given.success) problems.push(fault('proof.notAnEvent'));
    else if (given.data.id !== event.id || given.data.streamId !== event.streamId || given.data.revision !== event.revision || recomputedHash(given.data) !== event.metadata.hash) {
      problems.push(fault('proof.otherEvent', { stream: event.streamId, revision: event.revision }));
    }
  }
  const links = [event, ...proof.chain];
  links.forEach((e, i) => {
    if (recomputedHash(e) !== e.metadata.hash) problems.push(fault('proof.eventHash', { stream: e.streamId, revision: e.revision }));
    if (i === 0) return;
    const before = links[i - 1];
    if (e.streamId !== event.streamId || BigInt(e.revision) !== BigInt(before.revision) + 1n) problems.push(fault('proof.chainLeaves', { stream: e.streamId, revision: e.revision }));
    else if (e.metadata.prevHash !== before.metadata.hash) problems.push(fault('proof.prevHash', { stream: e.streamId, revision: e.revision, previous: before.revision }));
  });
  const sealEvent = proof.seal;
  const sealParsed = sealSchema.safeParse(sealEvent.data);
  if (sealEvent.type !== SEAL_EVENT_TYPE || !sealParsed.success) return done(problems.concat(fault('proof.notASeal')));
  const seal: Seal = sealParsed.data;
  if (recomputedHash(sealEvent) !== sealEvent.metadata.hash) problems.push(fault('proof.sealHash'));
  if (sealEvent.streamId !== sealStreamId(seal.clusterId) || aggregateOf(event.streamId)?.clusterId !== seal.clusterId) problems.push(fault('proof.otherCluster'));
  const head = links[links.length - 1];
  const listed = seal.streams[proof.leafIndex];
  if (proof.treeSize !== seal.streams.length) problems.push(fault('proof.treeSize', { treeSize: proof.treeSize, heads: seal.streams.length }));
  if (!listed || listed.streamId !== head.streamId || listed.revision !== head.revision || listed.hash !== head.metadata.hash) {
    problems.push(fault('proof.otherHead', { stream: head.streamId, revision: head.revision, leaf: proof.leafIndex }));
  }
  const root = rootFromPath(leafHash(leafText({ streamId: head.streamId, revision: head.revision, hash: head.metadata.hash })), proof.leafIndex, proof.treeSize, proof.path);
  if (root !== seal.root) problems.push(fault('proof.root'));
  if (options.publicKey) {
    const signature = signatureFault(seal, options.publicKey);
    if (signature) problems.push(fault('proof.badSignature', undefined, signature));
  }
  return done(problems, seal);

  function done(found: FindingReason[], s?: Seal): ProofCheck {
    return {
      ok: found.length === 0,
      problems: found.map((r) => reasonText(r, 'en')),
      reasons: found,
      signatureChecked: options.publicKey !== undefined,
      event: { streamId: event.streamId, revision: event.revision, id: event.id, type: event.type, hash: event.metadata.hash },
      seal: s && { clusterId: s.clusterId, sequence: s.sequence, root: s.root, throughPosition: s.throughPosition, sealedAt: s.sealedAt, keyId: s.signature?.keyId },
    };
  }
}
