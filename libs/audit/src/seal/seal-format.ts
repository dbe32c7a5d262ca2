import { z } from 'zod';
import { leafHash, merkleRoot } from './merkle';

/** The event type of a seal, in the cluster's `seals-<id>` stream. */
export const SEAL_EVENT_TYPE = 'SealRecorded';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hash, 64 hex digits');
const decimal = z.string().regex(/^\d+$/, 'a decimal integer');

/** The head of one stream as a seal commits to it: its last revision and that event's hash. */
export const sealedHeadSchema = z.object({ streamId: z.string().min(1), revision: decimal, hash: hex64 });
export type SealedHead = z.infer<typeof sealedHeadSchema>;

export const sealSignatureSchema = z.object({
  algorithm: z.literal('Ed25519'),
  /** The first 16 hex digits of SHA-256 over the public key's SPKI DER encoding. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** Base64 of the 64-byte signature over sealMessage(seal). */
  value: z.string().min(1),
});

/** A seal's data (docs/formats.md, "Seals"). */
export const sealSchema = z.object({
  clusterId: z.string().min(1),
  /** 1 for the cluster's first seal, then one more each time. */
  sequence: z.number().int().positive(),
  /** The global position of the last event of the cluster's streams that the seal covers (decimal). */
  throughPosition: decimal,
  /** The head of every stream of the cluster up to throughPosition, sorted by stream id. */
  streams: z.array(sealedHeadSchema),
  /** The RFC 6962 Merkle root over the heads' leaves, hex. */
  root: hex64,
  /** The seal before this one in the cluster's seal stream (null for the first). */
  previous: z.object({ sequence: z.number().int().positive(), eventId: z.string(), hash: hex64, root: hex64 }).nullable(),
  sealedAt: z.iso.datetime({ offset: true }),
  signature: sealSignatureSchema.optional(),
});
export type Seal = z.infer<typeof sealSchema>;
export type UnsignedSeal = Omit<Seal, 'signature'>;

/** A leaf of the tree: `<streamId>\n<revision>\n<hash>` in UTF-8. */
export const leafText = (head: SealedHead) => `${head.streamId}\n${head.revision}\n${head.hash}`;

/** Stream ids compared by their UTF-16 code units, which is their byte order for the ASCII ids Klaster uses. */
export const byStreamId = (a: SealedHead, b: SealedHead) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0);

export function sealRoot(heads: readonly SealedHead[]): string {
  return merkleRoot([...heads].sort(byStreamId).map((h) => leafHash(leafText(h))));
}

/**
 * What a seal's signature signs: these lines in UTF-8, joined by \n — the format, the cluster, the
 * sequence, the position covered, the root, the previous seal's event hash (or `-`), and when it was
 * made. Signing the previous seal's hash chains the signatures: a rewritten log needs every seal re-signed.
 */
export function sealMessage(seal: UnsignedSeal): string {
  return ['klaster-seal/1', seal.clusterId, String(seal.sequence), seal.throughPosition, seal.root, seal.previous?.hash ?? '-', seal.sealedAt].join('\n');
}
