import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 6962 §2.1 (Certificate Transparency), over the heads of a cluster's streams:
 * a leaf hashes as SHA-256(0x00 ‖ leaf bytes), an inner node as SHA-256(0x01 ‖ left ‖ right), the
 * tree over n > 1 leaves splits at the largest power of two below n, and the tree of no leaves is
 * SHA-256 of nothing. The domain-separation bytes keep a leaf from passing for a node; the split
 * never duplicates a leaf (the flaw of trees that pair the last node with itself). See docs/formats.md.
 */
const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export const leafHash = (leaf: string | Buffer): Buffer => sha256(LEAF, typeof leaf === 'string' ? Buffer.from(leaf, 'utf8') : leaf);
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(NODE, left, right);

/** The largest power of two strictly below n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function treeHash(leaves: Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 0) return sha256();
  if (n === 1) return leaves[from];
  const k = split(n);
  return nodeHash(treeHash(leaves, from, from + k), treeHash(leaves, from + k, to));
}

/** The root over leaf hashes (already hashed with leafHash), hex. */
export function merkleRoot(leafHashes: Buffer[]): string {
  return treeHash(leafHashes, 0, leafHashes.length).toString('hex');
}

/** RFC 6962's PATH(m, D[n]): the sibling hashes from leaf m up to the root, nearest first, hex. */
export function inclusionPath(leafHashes: Buffer[], index: number): string[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) throw new RangeError(`No leaf ${index} among ${leafHashes.length}`);
  const path: Buffer[] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n <= 1) return;
    const k = split(n);
    if (m < k) {
      walk(m, from, from + k);
      path.push(treeHash(leafHashes, from + k, to));
    } else {
      walk(m - k, from + k, to);
      path.push(treeHash(leafHashes, from, from + k));
    }
  };
  walk(index, 0, leafHashes.length);
  return path.map((p) => p.toString('hex'));
}

/**
 * The root a leaf and its path lead to (RFC 9162 §2.1.3.2), hex — or undefined when the path cannot
 * belong to a leaf at that index of a tree of that size.
 */
export function rootFromPath(leaf: Buffer, index: number, treeSize: number, path: readonly string[]): string | undefined {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize) return undefined;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const hex of path) {
    if (!/^[0-9a-f]{64}$/.test(hex)) return undefined;
    const p = Buffer.from(hex, 'hex');
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r.toString('hex') : undefined;
}
