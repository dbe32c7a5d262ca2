import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@klaster/event-store';
import { BallotBox } from '../../apps/server/src/meetings/ballot-box/ballot-box';
import { SqliteSecretBallotKeys } from '../../apps/server/src/meetings/ballot-box/sqlite-secret-ballot-keys';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster, openMeeting, personOf } from '../support/small-cluster';
import { eventually } from '../support/eventually';

/**
 * Crypto-shredding end to end: while a secret vote is open its key exists and the sealed ballots in the
 * log open with it; the close opens them once to count; afterwards nothing can open them.
 */
describe('a secret vote, shredded at its close (e2e)', () => {
  let server: TestServer;
  const boxPath = () => join(server.dataDir, 'ballot-box.sqlite');

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'tajne');
  });
  afterAll(() => server.close());

  /** The ballot box's keys, read through a connection of our own (closed before the server acts again). */
  const keys = (): { vote_key: string; key: Buffer }[] => {
    const db = new Database(boxPath(), { readonly: true });
    try {
      return db.prepare('SELECT vote_key, key FROM secret_ballot_keys WHERE key IS NOT NULL').all() as { vote_key: string; key: Buffer }[];
    } finally {
      db.close();
    }
  };
  const sealedBallots = async (meetingId: string) => {
    const store = SqliteEventStore.open({ path: join(server.dataDir, 'events.sqlite') });
    try {
      const ballots: { memberId: string; sealedChoice?: string; choice?: string }[] = [];
      for await (const e of store.readStream(`meeting-${meetingId}`)) if (e.type === 'BallotCast') ballots.push(e.data as never);
      return ballots;
    } finally {
      await store.close();
    }
  };
  const onDisk = (bytes: Buffer) => [boxPath(), `${boxPath()}-wal`].some((f) => existsSync(f) && readFileSync(f).includes(bytes));

  it('has a key while open, counts the ballots at the close, and afterwards nothing can open them', async () => {
    await openMeeting(server, 'tajne', 'ozc-tajne', 'general', ['m1', 'm2', 'm3']);
    const opened = await server.call('POST', '/api/meetings/tajne.ozc-tajne/votes', { as: 'p1', body: { voteId: 's1', agendaItemId: 'a1', motion: 'Uchwała tajna', secrecy: 'secret' } });
    expect(opened.status).toBe(201);
    const cast = { m1: 'yes', m2: 'no', m3: 'yes' } as const;
    for (const [member, choice] of Object.entries(cast)) {
      const res = await server.call('POST', '/api/meetings/tajne.ozc-tajne/votes/s1/ballots', { as: personOf(member), body: { memberId: member, choice } });
      expect(res.status).toBe(201);
    }

    // While the vote is open: one key, and the sealed ballots of the log open with it to what was cast.
    const ballots = await sealedBallots('tajne.ozc-tajne');
    expect(ballots.map((b) => b.memberId).sort()).toEqual(['m1', 'm2', 'm3']);
    for (const b of ballots) expect(b).not.toHaveProperty('choice');
    const [{ vote_key: voteKey, key }] = keys();
    expect(keys()).toHaveLength(1);
    const reader = new BallotBox(new SqliteSecretBallotKeys(boxPath()));
    try {
      expect(reader.unseal(await reader.keyForCount(voteKey), voteKey, ballots.map((b) => ({ memberId: b.memberId, sealedChoice: b.sealedChoice! })))).toEqual(cast);
    } finally {
      await reader.close();
    }
    expect(onDisk(key)).toBe(true);

    // The close opens them once: the resolution in the register carries their count.
    expect((await server.call('POST', '/api/meetings/tajne.ozc-tajne/votes/s1/closing', { as: 'p1', body: {} })).status).toBe(201);
    const entry = await eventually('the resolution of vote s1 in the register', async () => {
      const register = await server.call('GET', '/api/clusters/tajne/resolutions', { as: 'p2' });
      return (register.body as { meetingId: string; voteId: string; body: string; number: string }[]).find((r) => r.meetingId === 'tajne.ozc-tajne' && r.voteId === 's1');
    });
    const resolution = await server.call('GET', `/api/clusters/tajne/resolutions/${entry.body}/${entry.number.replace('/', '-')}`, { as: 'p2' });
    expect(resolution.body.vote).toMatchObject({ secrecy: 'secret', outcome: 'adopted', tally: { yes: 2, no: 1, abstain: 0 }, ballots: null });

    // Afterwards: no key in the box, its bytes nowhere in the file or its log, and the same ballots no longer open.
    expect(keys()).toEqual([]);
    expect(onDisk(key)).toBe(false);
    const after = new BallotBox(new SqliteSecretBallotKeys(boxPath()));
    try {
      expect(await after.keyForCount(voteKey)).toBeUndefined();
      expect(() => after.unseal(undefined, voteKey, ballots.map((b) => ({ memberId: b.memberId, sealedChoice: b.sealedChoice! })))).toThrow(/no longer exists/);
    } finally {
      await after.close();
    }
    // The log still holds the same sealed ballots, unchanged: shredding never rewrites an event.
    expect(await sealedBallots('tajne.ozc-tajne')).toEqual(ballots);
  });
});
