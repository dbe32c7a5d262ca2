import { generateKeyPairSync } from 'node:crypto';
import { latestSeal, sealCluster, sealKeyFromPem, sealRoot, signatureProblem, sealsOf, type SealKey } from '@klaster/audit';
import { appendTo, tempStore, type TempStore } from './support';

const newKey = (): SealKey => sealKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

describe('sealing a cluster', () => {
  let t: TempStore;
  beforeEach(() => (t = tempStore()));
  afterEach(() => t.cleanup());

  it('commits to the head of every stream of the cluster, not to other clusters, signed, and chained to the previous seal', async () => {
    const key = newKey();
    await appendTo(t.store, 'cluster-kl', ['A', 'B']);
    await appendTo(t.store, 'meeting-kl.rada-1', ['C']);
    await appendTo(t.store, 'cluster-kl2', ['X']);
    await appendTo(t.store, 'meeting-inny.rada-1', ['Y']);
    const first = await sealCluster(t.store, 'kl', { key });
    expect(first.created).toBe(true);
    const seal = first.latest!.seal;
    expect(seal.sequence).toBe(1);
    expect(seal.previous).toBeNull();
    expect(seal.streams.map((s) => [s.streamId, s.revision])).toEqual([['cluster-kl', '1'], ['meeting-kl.rada-1', '0']]);
    expect(seal.root).toBe(sealRoot(seal.streams));
    expect(signatureProblem(seal, key.publicKey)).toBeUndefined();
    expect(signatureProblem(seal, newKey().publicKey)).toMatch(/signed with key/);
    expect(signatureProblem({ ...seal, root: 'f'.repeat(64) }, key.publicKey)).toMatch(/does not verify/);

    // Nothing new: no second seal.
    const again = await sealCluster(t.store, 'kl', { key });
    expect(again.created).toBe(false);
    expect(again.latest!.event.id).toBe(first.latest!.event.id);

    await appendTo(t.store, 'group-kl.g1', ['D']);
    const second = await sealCluster(t.store, 'kl', { key });
    expect(second.created).toBe(true);
    expect(second.latest!.seal.sequence).toBe(2);
    expect(second.latest!.seal.previous).toEqual({ sequence: 1, eventId: first.latest!.event.id, hash: first.latest!.event.metadata.hash, root: seal.root });
    expect(second.latest!.seal.streams.map((s) => s.streamId)).toEqual(['cluster-kl', 'group-kl.g1', 'meeting-kl.rada-1']);
    expect(BigInt(second.latest!.seal.throughPosition)).toBeGreaterThan(BigInt(seal.throughPosition));
  });

  it('writes one seal when two servers seal the same heads at once, and a server that lost the race seals only what is new', async () => {
    const key = newKey();
    await appendTo(t.store, 'cluster-kl', ['A', 'B']);
    // A second process on the same file: its own store object, so the in-process queue does not apply.
    const other = t.reopen();
    const [a, b] = await Promise.all([
      sealCluster(t.store, 'kl', { key, now: () => new Date('2026-01-01T10:00:00Z') }),
      sealCluster(other, 'kl', { key, now: () => new Date('2026-01-01T10:00:01Z') }),
    ]);
    expect(a.latest!.event.id).toBe(b.latest!.event.id);
    const all = [];
    for await (const s of sealsOf(t.store, 'kl')) all.push(s);
    expect(all).toHaveLength(1);

    // One server saw more than the other: two seals in order, never two with the same sequence.
    await appendTo(t.store, 'cluster-kl', ['C']);
    const [c, d] = await Promise.all([sealCluster(t.store, 'kl', { key }), sealCluster(other, 'kl', { key })]);
    expect(c.latest!.seal.sequence).toBe(2);
    expect(d.latest!.seal.sequence).toBe(2);
    const seals = [];
    for await (const s of sealsOf(t.store, 'kl')) seals.push(s.seal.sequence);
    expect(seals).toEqual([1, 2]);
  });

  it('seals in one process once when asked twice at the same moment', async () => {
    await appendTo(t.store, 'cluster-kl', ['A']);
    const [a, b] = await Promise.all([sealCluster(t.store, 'kl'), sealCluster(t.store, 'kl')]);
    expect(a).toBe(b);
    expect((await latestSeal(t.store, 'kl'))!.seal.signature).toBeUndefined();
  });

  it('makes no seal for a cluster without events', async () => {
    expect(await sealCluster(t.store, 'none')).toEqual({ latest: undefined, created: false });
  });
});
