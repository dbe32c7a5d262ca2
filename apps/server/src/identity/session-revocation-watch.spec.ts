import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteIdentityStore } from './store/sqlite-identity-store';
import { SessionEvents, type SessionsEnded } from './session-events';
import { SessionRevocationWatch } from './session-revocation-watch';

/** Two instances on one identity store: what one revokes, the other's watch announces to its own sockets. */
describe('SessionRevocationWatch', () => {
  let dir: string;
  let here: SqliteIdentityStore;
  let elsewhere: SqliteIdentityStore;
  let announced: SessionsEnded[];
  let watch: SessionRevocationWatch;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-watch-'));
    here = SqliteIdentityStore.inFolder(dir);
    elsewhere = SqliteIdentityStore.inFolder(dir);
    const events = new SessionEvents();
    announced = [];
    events.onEnded((news) => announced.push(news));
    watch = new SessionRevocationWatch(here, events);
  });
  afterEach(async () => {
    watch.onModuleDestroy();
    await here.close();
    await elsewhere.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const session = async (personId: string) => {
    const s = { sessionId: randomUUID(), personId, refreshHash: randomUUID(), method: 'passkey', createdAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) };
    await here.createSession(s);
    return s.sessionId;
  };

  it('announces a session ended on another instance once, and not the live ones', async () => {
    const [ended, live] = [await session('anna'), await session('anna')];
    await watch.look();
    expect(announced).toEqual([]);
    await elsewhere.revokeSession(ended, new Date());
    await watch.look();
    await watch.look();
    expect(announced).toEqual([{ personId: 'anna', sessionIds: [ended], everywhere: false }]);
    expect(announced.flatMap((a) => a.sessionIds)).not.toContain(live);
  });

  it('announces a sign-out stamped earlier than one it already announced (another instance’s clock, a later commit)', async () => {
    const [first, late] = [await session('anna'), await session('piotr')];
    const now = Date.now();
    await elsewhere.revokeSession(first, new Date(now));
    await watch.look(now + 1_000);
    await elsewhere.revokeSession(late, new Date(now - 5_000));
    await watch.look(now + 2_000);
    expect(announced.map((a) => a.sessionIds[0])).toEqual([first, late]);
  });

  it('sign-out everywhere on another instance: each of the person’s sessions is announced', async () => {
    const ids = [await session('ola'), await session('ola'), await session('ola')];
    await elsewhere.revokeSessionsOf('ola', new Date());
    await watch.look();
    expect(announced.flatMap((a) => a.sessionIds).sort()).toEqual([...ids].sort());
  });
});
