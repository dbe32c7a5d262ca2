import { buildInclusionProof, checkInclusionProof, latestSeal, sealCluster, NoSuchEvent } from '@klaster/audit';
import { appendTo, tempStore, type TempStore } from './support';
import { newKey } from './tamper/audit-verify.suite';

describe('inclusion proofs', () => {
  let t: TempStore;
  const key = newKey();
  beforeEach(async () => {
    t = tempStore();
    await appendTo(t.store, 'cluster-kl', ['ClusterFounded', 'MemberAdmitted']);
    for (let i = 1; i <= 6; i++) await appendTo(t.store, `meeting-kl.m${i}`, ['MeetingConvened', 'VoteOpened', 'VoteClosed']);
    await appendTo(t.store, 'resolutions-kl', ['ResolutionNumberAssigned', 'ResolutionNumberAssigned']);
  });
  afterEach(() => t.cleanup());

  it('proves an event offline with nothing but the proof, the event and the public key', async () => {
    await sealCluster(t.store, 'kl', { key });
    const proof = await buildInclusionProof(t.store, 'kl', 'meeting-kl.m3', 0n, { key });
    expect(proof.chain.map((e) => e.revision)).toEqual(['1', '2']);
    expect(proof.treeSize).toBe(8);
    // Through JSON, as a file would carry it.
    const onDisk = JSON.parse(JSON.stringify(proof));
    const check = checkInclusionProof(onDisk, { event: onDisk.event, publicKey: key.publicKey });
    expect(check).toMatchObject({ ok: true, problems: [], signatureChecked: true, seal: { clusterId: 'kl', sequence: 1 } });
  });

  it('seals first when no seal covers the event yet, and uses the first seal that does', async () => {
    expect(await latestSeal(t.store, 'kl')).toBeUndefined();
    const proof = await buildInclusionProof(t.store, 'kl', 'resolutions-kl', 1n, { key });
    expect(proof.chain).toEqual([]);
    expect((proof.seal.data as { sequence: number }).sequence).toBe(1);
    await appendTo(t.store, 'resolutions-kl', ['ResolutionNumberAssigned']);
    await sealCluster(t.store, 'kl', { key });
    const older = await buildInclusionProof(t.store, 'kl', 'resolutions-kl', 1n, { key });
    expect((older.seal.data as { sequence: number }).sequence).toBe(1);
    expect(checkInclusionProof(older, { publicKey: key.publicKey }).ok).toBe(true);
  });

  it('fails a proof whose event, chain, path, seal or signature was changed, naming what', async () => {
    await sealCluster(t.store, 'kl', { key });
    const proof = JSON.parse(JSON.stringify(await buildInclusionProof(t.store, 'kl', 'meeting-kl.m2', 0n)));
    const variants: [string, (p: any) => void, RegExp][] = [
      ['event data', (p) => (p.event.data.i = 99), /content does not give its hash/],
      ['a chain link dropped', (p) => p.chain.splice(0, 1), /skips or leaves its stream/],
      ['the path', (p) => (p.path[0] = 'a'.repeat(64)), /does not lead to the seal's root/],
      ['the leaf index', (p) => (p.leafIndex = (p.leafIndex + 1) % p.treeSize), /not the head the seal lists/],
      ['the seal root', (p) => (p.seal.data.root = 'b'.repeat(64)), /seal's content does not give its hash/],
    ];
    for (const [what, change, message] of variants) {
      const bad = JSON.parse(JSON.stringify(proof));
      change(bad);
      const check = checkInclusionProof(bad, { publicKey: key.publicKey });
      expect({ what, ok: check.ok }).toEqual({ what, ok: false });
      expect(check.problems.join('\n')).toMatch(message);
    }
    expect(checkInclusionProof(proof, { publicKey: newKey().publicKey }).problems).toEqual([expect.stringMatching(/^bad signature: the seal is signed with key/)]);
    const otherEvent = JSON.parse(JSON.stringify(proof.chain[0]));
    expect(checkInclusionProof(proof, { event: otherEvent, publicKey: key.publicKey }).problems).toEqual([expect.stringMatching(/not the event the proof is about/)]);
    expect(checkInclusionProof({ format: 'other' }).ok).toBe(false);
  });

  it('has no proof for an event that is not the cluster’s, or not there', async () => {
    await appendTo(t.store, 'cluster-inny', ['ClusterFounded']);
    await expect(buildInclusionProof(t.store, 'kl', 'cluster-inny', 0n)).rejects.toBeInstanceOf(NoSuchEvent);
    await expect(buildInclusionProof(t.store, 'kl', 'cluster-kl', 7n)).rejects.toBeInstanceOf(NoSuchEvent);
    await expect(buildInclusionProof(t.store, 'kl', 'seals-kl', 0n)).rejects.toBeInstanceOf(NoSuchEvent);
  });
});
