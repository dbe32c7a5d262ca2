import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { EventStore } from '@klaster/event-store';
import { auditLog, describeFinding, sealCluster, sealKeyFromPem, type SealKey } from '@klaster/audit';
import { appendTo } from '../support';

export const newKey = (): SealKey => sealKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

/** What an attacker with write access to the store can do; each store can do some of it. */
export interface Tampering {
  /** Changes the data of one event, leaving its hash. */
  alter?(streamId: string, revision: bigint): Promise<void>;
  /** Swaps the log positions of two events of a stream. */
  swap?(streamId: string, a: bigint, b: bigint): Promise<void>;
  /** Deletes one event. */
  deleteEvent?(streamId: string, revision: bigint): Promise<void>;
  /** Deletes the events of a stream from this revision on. */
  truncate?(streamId: string, fromRevision: bigint): Promise<void>;
  /** Deletes a whole stream. */
  deleteStream(streamId: string): Promise<void>;
  /** Hides a stream's first events (EventStoreDB's truncateBefore), or deletes them. */
  dropFirst?(streamId: string, count: bigint): Promise<void>;
  /** Rewrites an event's data from a revision on, with hashes and links recomputed: a valid chain. */
  rewrite?(streamId: string, fromRevision: bigint): Promise<void>;
  /** Replaces the data of the seal at a revision of a seal stream (keeping its chain valid). */
  replaceSeal?(streamId: string, revision: bigint, data: unknown): Promise<void>;
  /** Appends an event whose hash does not fit it. */
  appendForged?(streamId: string): Promise<void>;
}

export interface AuditEnv {
  /** The store as it is now (reopened after tampering where the store needs it). */
  store(): EventStore;
  tamper: Tampering;
  close(): Promise<void>;
}

/**
 * `audit verify` against a store tampered with behind the server's back: each kind of damage is found
 * and named (kind, stream, revision). Runs on every store that can be tampered with that way.
 */
export function auditVerifySuite(makeEnv: () => Promise<AuditEnv>) {
  let env: AuditEnv;
  let key: SealKey;
  let c: string;
  const meeting = () => `meeting-${c}.rada-1`;
  const group = () => `group-${c}.g1`;

  beforeEach(async () => {
    env = await makeEnv();
    key = newKey();
    c = `kl${randomUUID().slice(0, 8)}`;
    const store = env.store();
    await appendTo(store, `cluster-${c}`, ['ClusterFounded', 'MemberAdmitted', 'MemberAdmitted']);
    await appendTo(store, meeting(), ['MeetingConvened', 'MeetingOpened', 'AttendanceRecorded', 'VoteOpened', 'BallotCast', 'VoteClosed']);
    await appendTo(store, group(), ['GroupRequested', 'MemberJoinedGroup']);
    await appendTo(store, `cluster-other${c}`, ['ClusterFounded']);
    await appendTo(store, `resolutions-${c}`, ['ResolutionNumberAssigned']);
    await sealCluster(store, c, { key });
    // After the seal: not covered by it yet.
    await appendTo(store, `cluster-${c}`, ['AuditorAppointed']);
  });
  afterEach(() => env.close());

  const verify = () => auditLog(env.store(), { publicKey: key.publicKey, clusterId: c });
  const first = async () => {
    const report = await verify();
    expect(report.ok).toBe(false);
    return report.problems[0];
  };

  it('finds an intact record intact: every chain and the signed seal', async () => {
    const report = await verify();
    expect(report.problems.map(describeFinding)).toEqual([]);
    expect(report).toMatchObject({ ok: true, eventsChecked: 14, sealsChecked: 1, signaturesChecked: 1 });
  });

  it('names a changed event', async () => {
    if (!env.tamper.alter) return;
    await env.tamper.alter(meeting(), 2n);
    expect(await first()).toMatchObject({ kind: 'changed', streamId: meeting(), revision: 2n });
  });

  it('names a forged event appended with a hash that does not fit', async () => {
    if (!env.tamper.appendForged) return;
    await env.tamper.appendForged(meeting());
    expect(await first()).toMatchObject({ kind: 'changed', streamId: meeting(), revision: 6n });
  });

  it('names events reordered in the log', async () => {
    if (!env.tamper.swap) return;
    await env.tamper.swap(meeting(), 3n, 4n);
    expect(await first()).toMatchObject({ kind: 'reordered', streamId: meeting(), revision: 4n });
  });

  it('names an event deleted from the middle of a stream', async () => {
    if (!env.tamper.deleteEvent) return;
    await env.tamper.deleteEvent(meeting(), 2n);
    expect(await first()).toMatchObject({ kind: 'missing', streamId: meeting(), revision: 3n });
  });

  it("names a stream whose first events were cut", async () => {
    if (!env.tamper.dropFirst) return;
    await env.tamper.dropFirst(meeting(), 2n);
    expect(await first()).toMatchObject({ kind: 'missing', streamId: meeting(), revision: 2n });
  });

  it('names a stream truncated after it was sealed (its last events deleted: no chain breaks)', async () => {
    if (!env.tamper.truncate) return;
    await env.tamper.truncate(meeting(), 4n);
    const finding = await first();
    expect(finding).toMatchObject({ kind: 'truncated', streamId: meeting(), revision: 5n, seal: { clusterId: c, sequence: 1 } });
    expect(describeFinding(finding)).toMatch(/TRUNCATED: stream meeting-.*ends at revision 3, but seal 1 committed to revision 5/);
  });

  it('names a whole stream deleted', async () => {
    await env.tamper.deleteStream(group());
    expect(await first()).toMatchObject({ kind: 'missing', streamId: group(), seal: { sequence: 1 } });
  });

  it('names a stream rewritten with a valid chain: the seal committed to other hashes', async () => {
    if (!env.tamper.rewrite) return;
    await env.tamper.rewrite(meeting(), 4n);
    const report = await verify();
    expect(report.problems.every((p) => p.kind === 'changed')).toBe(true);
    expect(report.problems[0]).toMatchObject({ kind: 'changed', streamId: meeting(), revision: 5n, seal: { sequence: 1 } });
  });

  it('names a rewritten log resealed without the key: a bad signature', async () => {
    if (!env.tamper.rewrite || !env.tamper.replaceSeal) return;
    await env.tamper.rewrite(meeting(), 4n);
    // The attacker reseals the rewritten heads as seal 1, signed with a key of their own.
    const forgedKey = newKey();
    const store = env.store();
    const { sealCluster: reseal, latestSeal } = await import('@klaster/audit');
    const original = (await latestSeal(store, c))!;
    const scratch = await makeEnv();
    try {
      // Seal the same heads elsewhere to get a well-formed seal over them, then put it in place.
      for await (const e of store.readAll({ filter: { streamPrefixes: [`cluster-${c}`, `meeting-${c}.`, `group-${c}.`, `resolutions-${c}`] } })) {
        if (e.position > BigInt(original.seal.throughPosition)) break;
        await scratch.store().append(e.streamId, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], { expectedRevision: e.revision === 0n ? 'no_stream' : e.revision - 1n });
      }
      const forged = (await reseal(scratch.store(), c, { key: forgedKey })).latest!.seal;
      await env.tamper.replaceSeal(`seals-${c}`, 0n, { ...forged, throughPosition: original.seal.throughPosition });
    } finally {
      await scratch.close();
    }
    const report = await verify();
    expect(report.problems.map((p) => p.kind)).toEqual(['bad_signature']);
    expect(report.problems[0].detail).toMatch(/signed with key/);
  });

  it('names a copy cut short before a seal the auditor kept', async () => {
    if (!env.tamper.truncate) return;
    const { latestSeal } = await import('@klaster/audit');
    const kept = (await latestSeal(env.store(), c))!;
    await env.tamper.truncate(`seals-${c}`, 0n);
    const report = await auditLog(env.store(), { publicKey: key.publicKey, clusterId: c, expectSeals: [{ clusterId: c, sequence: 1, hash: kept.event.metadata.hash }] });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'truncated', streamId: `seals-${c}` })]);
  });
}
