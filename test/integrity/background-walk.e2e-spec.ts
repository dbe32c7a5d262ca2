import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@klaster/event-store';
import { IntegrityService } from '../../apps/server/src/integrity/integrity.service';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundOtherCluster, foundSmallCluster, openMeeting } from '../support/small-cluster';
import { until } from '../support/server-process';
import { flipByteOf } from '../support/damaged-log';

/** How many events the log holds after `position` (read while no server has it open). */
async function eventsAfter(dataDir: string, position: bigint): Promise<number> {
  const store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
  try {
    let n = 0;
    for await (const event of store.readAll({ fromPosition: position })) if (event) n++;
    return n;
  } finally {
    await store.close();
  }
}

type Background = { state: string; scope: string; fromPosition: string; eventsChecked: number; target: string };
const background = async (server: TestServer) => {
  const health = await until(
    () => server.call('GET', '/health', { as: null, contract: false }),
    (h) => {
      if (!h.body?.verification) throw new Error(`/health answered ${h.status}: ${JSON.stringify(h.body)}`);
      return h.body.verification.background.state === 'done';
    },
  );
  return { health: health.body, walk: health.body.verification.background as Background };
};

/**
 * The background walk of the log's hash chains keeps a durable mark of how far it got, so a restart
 * re-reads only the events no walk has read; the whole log is still walked on demand, which finds
 * damage to events an earlier walk had already read.
 */
describe('the background verification walk across restarts', () => {
  let dataDir: string;
  let server: TestServer | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'klaster-walk-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async () => (server = await startTestServer({ DATA_DIR: dataDir }));
  // The test server's close() removes only the folder it made itself, never DATA_DIR given to it.
  const stop = async () => {
    await server!.close();
    server = undefined;
  };

  it('walks only the new events after a restart; an on-demand walk of the whole log finds damage in the part already walked', async () => {
    // 1. A log written by one server (its own walk began on an empty log).
    let s = await start();
    await foundSmallCluster(s, 'k1');
    await foundOtherCluster(s);
    const meeting = await openMeeting(s, 'k1', 'rada', 'council', ['m1', 'm2']);
    expect((await s.call('POST', `/api/meetings/${meeting}/votes`, { as: 'p1', body: { voteId: 'v1', agendaItemId: 'a1', motion: 'Uchwała w sprawie budżetu 4242' } })).status).toBe(201);
    await stop();
    const written = await eventsAfter(dataDir, 0n);

    // 2. The next start walks all of it (no walk had read it), and leaves its mark at the head.
    s = await start();
    const first = await background(s);
    expect(first.walk).toMatchObject({ state: 'done', scope: 'new', fromPosition: '0', eventsChecked: written });
    // Events appended after that walk began.
    expect((await s.call('POST', '/api/clusters/k1/members/m3/representative', { as: 'p3', body: { representative: { personId: 'p33', role: 'Prezes' } } })).status).toBe(200);
    expect((await s.call('POST', `/api/meetings/${meeting}/votes/v1/ballots`, { as: 'p1', body: { memberId: 'm1', choice: 'yes' } })).status).toBe(201);
    await stop();
    const appended = await eventsAfter(dataDir, BigInt(first.walk.target));
    expect(appended).toBeGreaterThanOrEqual(2);

    // 3. A byte of an event the walk already read changes on disk; the restart walks only what is new.
    flipByteOf(dataDir, 'budżetu 4242');
    s = await start();
    const second = await background(s);
    expect(second.walk).toMatchObject({ state: 'done', scope: 'new', fromPosition: first.walk.target, eventsChecked: appended });
    expect(second.health.damaged).toEqual([]);

    // 4. On demand, the whole log: the damage is found, named, and the meeting answers 503 from now on.
    const whole = await s.app.get(IntegrityService).verifyWholeLog();
    expect(whole).toMatchObject({ state: 'done', scope: 'whole', fromPosition: 0n, eventsChecked: written + appended });
    const health = (await s.call('GET', '/health', { as: null, contract: false })).body;
    expect(health).toMatchObject({ status: 'degraded', damaged: [{ streamId: `meeting-${meeting}`, problem: 'hash_mismatch', foundBy: 'background check' }] });
    expect((await s.call('GET', `/api/meetings/${meeting}`, { as: 'p2', position: false, contract: false })).body).toMatchObject({ code: 'record_damaged' });

    // 5. While a damaged record is on file, every start walks the whole log (a repair must be noticed).
    await stop();
    s = await start();
    const third = await background(s);
    expect(third.walk).toMatchObject({ state: 'done', scope: 'whole', fromPosition: '0', eventsChecked: written + appended });
    expect(third.health.damaged).toMatchObject([{ streamId: `meeting-${meeting}`, problem: 'hash_mismatch' }]);
  }, 180_000);

  it('does not walk again what the start-up check has just read: the first start of a never-verified folder reads each event once', async () => {
    const s1 = await start();
    await foundSmallCluster(s1, 'k1');
    await foundOtherCluster(s1);
    await stop();
    const written = await eventsAfter(dataDir, 0n);
    rmSync(join(dataDir, 'integrity.sqlite'), { force: true });

    const s2 = await start();
    const { health, walk } = await background(s2);
    expect(health.verification.startup).toMatchObject({ fromPosition: '0', eventsChecked: written, damaged: 0 });
    expect(walk).toMatchObject({ state: 'done', scope: 'new', eventsChecked: 0, fromPosition: health.verification.startup.toPosition });
  }, 180_000);

  it('walks the whole log when it is shorter than the mark (restored from a backup), and then only what is new again', async () => {
    const s1 = await start();
    await foundSmallCluster(s1, 'k1');
    await stop();
    const backup = readFileSync(join(dataDir, 'events.sqlite'));
    const inBackup = await eventsAfter(dataDir, 0n);
    const s2 = await start();
    await foundOtherCluster(s2);
    await background(s2);
    await stop();
    // Walked by the next start: the mark is now past the backup's head.
    await background(await start());
    await stop();
    // The log restored from the backup; its read models are rebuilt from it.
    writeFileSync(join(dataDir, 'events.sqlite'), backup);
    for (const file of ['read-models.sqlite', 'read-models.sqlite-wal', 'read-models.sqlite-shm']) rmSync(join(dataDir, file), { force: true });

    const s3 = await start();
    expect((await background(s3)).walk).toMatchObject({ state: 'done', scope: 'whole', fromPosition: '0', eventsChecked: inBackup });
    await stop();
    const s4 = await start();
    expect((await background(s4)).walk).toMatchObject({ state: 'done', scope: 'new', eventsChecked: 0 });
  }, 180_000);
});
