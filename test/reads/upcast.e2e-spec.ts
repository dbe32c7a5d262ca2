import { randomUUID } from 'node:crypto';
import { clusterDecider, parseClusterEvent } from '@klaster/domain';
import { verifyLog, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { EVENT_STORE } from '../../apps/server/src/event-store/event-store.module';
import { load } from '../../apps/server/src/command-handling/execute-on-stream';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';

/** A MemberAdmitted of schema version 1 (before votingWeight) is read as version 2 (weight 1); the log keeps it as written. */
describe('upcasting on read', () => {
  let server: TestServer;
  let store: EventStore;
  const v1 = {
    memberId: 'm9',
    organisation: { name: 'Stara Spółdzielnia', sector: 'social_economy' },
    kind: 'ordinary',
    representative: { personId: 'p9', role: 'Prezes' },
    admittedOn: '2015-03-01',
    founding: false,
  };
  let written: { position: bigint };

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'up');
    store = server.app.get(EVENT_STORE);
    const { revision } = await load(store, clusterDecider, parseClusterEvent, 'cluster-up');
    written = await store.append(
      'cluster-up',
      [{ id: randomUUID(), type: 'MemberAdmitted', data: v1, metadata: { actor: 'p1', correlationId: 'legacy-import', causationId: 'legacy-import', schemaVersion: 1, recordedAt: '2015-03-01T10:00:00.000Z' } }],
      { expectedRevision: revision! },
    );
  });
  afterAll(() => server.close());

  it('new MemberAdmitted events are written as schema version 2', async () => {
    const events: RecordedEvent[] = [];
    for await (const e of store.readStream('cluster-up')) events.push(e);
    const admitted = events.filter((e) => e.type === 'MemberAdmitted');
    expect(admitted.slice(0, -1).every((e) => e.metadata.schemaVersion === 2 && 'votingWeight' in (e.data as object))).toBe(true);
  });

  it('the command side folds it as v2 (votingWeight 1) and acts on it', async () => {
    const { state } = await load(store, clusterDecider, parseClusterEvent, 'cluster-up');
    expect(state.members.m9).toMatchObject({ memberId: 'm9', votingWeight: 1, status: 'active' });
    // A command on the stream folds the v1 event too: m9's representative signs.
    const cluster = await server.call('GET', `/api/clusters/up?position=${written.position}`, { as: 'p1' });
    const sign = await server.call('POST', '/api/clusters/up/members/m9/signatures', { as: 'p9', body: { textHash: cluster.body.agreement.textHash } });
    expect(sign.status).toBe(201);
  });

  it('the read model shows it as v2 (votingWeight 1)', async () => {
    const res = await server.call('GET', `/api/clusters/up?position=${written.position}`, { as: 'p9' });
    expect(res.status).toBe(200);
    expect(res.body.members.find((m: { memberId: string }) => m.memberId === 'm9')).toMatchObject({ votingWeight: 1, organisation: { name: 'Stara Spółdzielnia' } });
  });

  it('the stored event is unchanged: still v1 without votingWeight, and the hash chain holds', async () => {
    let stored: RecordedEvent | undefined;
    for await (const e of store.readStream('cluster-up')) if (e.position === written.position) stored = e;
    expect(stored?.data).toEqual(v1);
    expect(stored?.metadata.schemaVersion).toBe(1);
    expect(await verifyLog(store)).toMatchObject({ ok: true, problems: [] });
  });
});
