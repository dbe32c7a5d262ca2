import { inclusionPath, leafHash, merkleRoot, rootFromPath, sealRoot, leafText } from '@klaster/audit';

// The known answers below were computed with Python's hashlib from RFC 6962 §2.1 (independently of this code).
const five = [1, 2, 3, 4, 5].map((i) => `s${i}\n${i}\n${i.toString(16).repeat(64)}`);

describe('the Merkle tree over stream heads (RFC 6962)', () => {
  it('gives the known root of three heads, sorted by stream id', () => {
    const heads = [
      { streamId: 'resolutions-kl', revision: '0', hash: 'c'.repeat(64) },
      { streamId: 'cluster-kl', revision: '3', hash: 'a'.repeat(64) },
      { streamId: 'meeting-kl.rada-1', revision: '12', hash: 'b'.repeat(64) },
    ];
    expect(sealRoot(heads)).toBe('a7619dd610befc16b9dc6e95b988d8aff88a3bb3e56ef615494fb3f70f23cbab');
    expect(leafText(heads[1])).toBe('cluster-kl\n3\n' + 'a'.repeat(64));
  });

  it('gives the known roots of no leaf, one leaf and five leaves', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleRoot([leafHash('cluster-kl\n3\n' + 'a'.repeat(64))])).toBe('5f1cc92df58fdeecc62927e88f3915ec5db238d12020be87ae17d8296ea36ded');
    expect(merkleRoot(five.map((l) => leafHash(l)))).toBe('a6b8f3c6dccbb3de51020637a6dc992944eedff41eabfcf4ef774ceb5d76bc58');
  });

  it('gives the known inclusion paths, and each leads back to the root', () => {
    const leaves = five.map((l) => leafHash(l));
    expect(inclusionPath(leaves, 2)).toEqual([
      'ce107ebf63616971f2386893edbef61d50b57347a2c74930b4ff02068ba0e631',
      '1d9513ec105fa3004c2370745e405c5b5bb980e8225a328623e1fddcbbb6e053',
      '7837c29a1905da0e99d654b067604cfd2244d5db60a024efb80ab1d3968288c2',
    ]);
    expect(inclusionPath(leaves, 4)).toEqual(['fbae1dc2d6435929c70ac342709d037b16479351e6cdaa701ad39c68141fb88f']);
    for (let size = 1; size <= 17; size++) {
      const some = Array.from({ length: size }, (_, i) => leafHash(`leaf ${i}`));
      const root = merkleRoot(some);
      for (let i = 0; i < size; i++) expect(rootFromPath(some[i], i, size, inclusionPath(some, i))).toBe(root);
    }
  });

  it('refuses a path that does not fit: another leaf, another index, a cut or padded path', () => {
    const leaves = five.map((l) => leafHash(l));
    const root = merkleRoot(leaves);
    const path = inclusionPath(leaves, 2);
    expect(rootFromPath(leaves[3], 2, 5, path)).not.toBe(root);
    expect(rootFromPath(leaves[2], 1, 5, path)).not.toBe(root);
    expect(rootFromPath(leaves[2], 2, 5, path.slice(0, 2))).toBeUndefined();
    expect(rootFromPath(leaves[2], 2, 5, [...path, path[0]])).toBeUndefined();
    expect(rootFromPath(leaves[2], 5, 5, path)).toBeUndefined();
    // A leaf's hash cannot pass for an inner node's: the prefixes differ.
    expect(leafHash(Buffer.concat([leaves[0], leaves[1]])).toString('hex')).not.toBe(merkleRoot(leaves.slice(0, 2)));
  });
});
