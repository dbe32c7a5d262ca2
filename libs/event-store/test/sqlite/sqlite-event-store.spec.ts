import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { DuplicateEventId, SqliteEventStore } from '../../src';
import { sealEvents } from '../../src/hash-chain/seal';
import { MIGRATIONS } from '../../src/sqlite/schema';
import { collect, newEvent, newEvents } from '../contract/fixtures';

describe('SqliteEventStore (embedded-store specifics)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-sqlite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the file in WAL mode with synchronous=FULL and records its schema version', async () => {
    const path = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ path });
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }, { version: 2 }]);
    } finally {
      db.close();
    }
  });

  it('moves a file of schema 1 to idempotency per stream: the same rows at the same positions, chains intact, immutable still', async () => {
    const path = join(dir, 'events.sqlite');
    // A log written by schema 1 (its log-wide UNIQUE event id index included), with a gap in its positions.
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec(MIGRATIONS[0].sql);
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01T00:00:00.000Z');");
    const insert = db.prepare('INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const written = newEvents(3);
    sealEvents('old-1', written, undefined, '2026-01-01T00:00:00.000Z').forEach((e, i) =>
      insert.run(i === 2 ? 40 : i + 1, e.event.id, 'old-1', e.revision, e.event.type, JSON.stringify(e.event.data), JSON.stringify(e.metadata), e.prevHash, e.hash),
    );
    const before = db.prepare('SELECT * FROM events ORDER BY position').all();
    db.close();

    const store = SqliteEventStore.open({ path });
    try {
      expect((await store.verify()).ok).toBe(true);
      // A retry of the old batch is still recognised; a new event goes after the highest position ever given.
      expect(await store.append('old-1', written, { expectedRevision: 'no_stream' })).toEqual({ nextRevision: 2n, position: 40n });
      const next = await store.append('new-1', [newEvent()], { expectedRevision: 'no_stream' });
      expect(next.position).toBe(41n);
    } finally {
      await store.close();
    }
    const after = new Database(path);
    try {
      expect(after.prepare('SELECT * FROM events WHERE position <= 40 ORDER BY position').all()).toEqual(before);
      expect(after.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual([{ version: 1 }, { version: 2 }]);
      const indexes = (after.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).length;
      expect(indexes).toBe(1); // (stream_id, revision) only
      expect(() => after.prepare("UPDATE events SET data = '{}'").run()).toThrow(/immutable/);
      expect(() => after.prepare('DELETE FROM events').run()).toThrow(/never deleted/);
    } finally {
      after.close();
    }
  });

  it('is idempotent per stream, as EventStoreDB is: a retry at the end or at the expected slot writes nothing; a partial reuse is refused', async () => {
    const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    try {
      const batch = newEvents(2);
      const first = await store.append('m-1', batch, { expectedRevision: 'no_stream' });
      expect(await store.append('m-1', batch, { expectedRevision: 'any' })).toEqual(first);
      await store.append('m-1', [newEvent()], { expectedRevision: 1n });
      // The stream moved on: the batch is found at the revisions it expected.
      expect(await store.append('m-1', batch, { expectedRevision: 'no_stream' })).toEqual(first);
      const partial = await store.append('m-1', [batch[0], newEvent()], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      expect(partial).toBeInstanceOf(DuplicateEventId);
      expect((await collect(store.readStream('m-1'))).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    } finally {
      await store.close();
    }
  });

  it('keeps data as its canonical JSON (the bytes its hash covers), and still verifies rows stored the older way', async () => {
    const path = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ path });
    await store.append('s-1', [newEvent('T', { zeta: 1, alpha: { b: 2, a: 1 } })], { expectedRevision: 'no_stream' });
    // A row as the store wrote it before: JSON.stringify's key order, sealed over the canonical form.
    const [old] = sealEvents('s-2', [newEvent('T', { zeta: 1, alpha: 'x' })], undefined, '2026-01-01T00:00:00.000Z');
    const db = new Database(path);
    db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      old.event.id, 's-2', 0, 'T', JSON.stringify(old.event.data), JSON.stringify(old.metadata), null, old.hash,
    );
    expect(db.prepare("SELECT data FROM events WHERE stream_id = 's-1'").pluck().get()).toBe('{"alpha":{"a":1,"b":2},"zeta":1}');
    db.close();
    try {
      expect(await store.verify()).toMatchObject({ ok: true, eventsChecked: 2 });
      expect((await collect(store.readStream('s-2')))[0].data).toEqual({ zeta: 1, alpha: 'x' });
    } finally {
      await store.close();
    }
  });

  it('refuses an in-memory path, which could not be durable', () => {
    expect(() => SqliteEventStore.open({ path: ':memory:' })).toThrow(/durable/);
  });

  it('refuses to update or delete a stored event, even through SQL', async () => {
    const path = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ path });
    await store.append('cluster-1', [newEvent()], { expectedRevision: 'no_stream' });
    await store.close();
    const db = new Database(path);
    try {
      expect(() => db.prepare("UPDATE events SET data = '{}'").run()).toThrow(/immutable/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/never deleted/);
    } finally {
      db.close();
    }
  });

  it('commits concurrent appends together (group commit), each checked against its own revision', async () => {
    const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    try {
      await store.append('race-1', [newEvent()], { expectedRevision: 'no_stream' });
      const before = store.commitStats();
      const appends = Array.from({ length: 64 }, (_, i) =>
        store.append(i < 2 ? 'race-1' : `stream-${i}`, [newEvent()], { expectedRevision: i < 2 ? 0n : 'no_stream' }),
      );
      const outcomes = await Promise.allSettled(appends);
      const after = store.commitStats();
      expect(after.appends - before.appends).toBe(64);
      expect(after.transactions - before.transactions).toBeLessThan(8);
      // Of the two appends racing on race-1 at revision 0, the first in the batch wins.
      expect(outcomes[0].status).toBe('fulfilled');
      expect(outcomes[1].status).toBe('rejected');
      expect(outcomes.slice(2).every((o) => o.status === 'fulfilled')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('detects a byte changed directly in the file and names the event', async () => {
    const path = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ path });
    await store.append('agreement-1', newEvents(3), { expectedRevision: 'no_stream' });
    const target = newEvent('AgreementSigned', { signatory: 'Gmina Zielonka-4242' });
    await store.append('agreement-1', [target], { expectedRevision: 2n });
    await store.append('agreement-1', newEvents(2), { expectedRevision: 3n });
    expect((await store.verify()).ok).toBe(true);
    await store.close(); // checkpoints the WAL into the main file

    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from('Zielonka-4242'));
    expect(at).toBeGreaterThan(0);
    bytes[at + 9] = '3'.charCodeAt(0); // 4242 -> 4342: still valid JSON, different content
    writeFileSync(path, bytes);

    const reopened = SqliteEventStore.open({ path });
    try {
      const report = await reopened.verify();
      expect(report.ok).toBe(false);
      const damage = {
        streamId: 'agreement-1',
        revision: 3n,
        eventId: target.id,
        position: 4n,
        problem: { kind: 'hash_mismatch' },
      };
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatchObject(damage);
      // Reading it through the port fails the same way; nothing reads "Zielonka-4342" as if it were the record.
      await expect(collect(reopened.readStream('agreement-1'))).rejects.toMatchObject({ code: 'record_damaged', damage });
      await expect(collect(reopened.readAll())).rejects.toMatchObject({ damage });
      expect(await collect(reopened.readAll({ fromPosition: 4n }))).toHaveLength(2);
    } finally {
      await reopened.close();
    }
  });

  it('reports an event whose stored bytes no longer parse', async () => {
    const path = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ path });
    const target = newEvent('T', { marker: 'QQQQ' });
    await store.append('s-1', [target], { expectedRevision: 'no_stream' });
    await store.close();
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from('"QQQQ"'));
    bytes[at] = 'X'.charCodeAt(0); // drops the opening quote: the JSON breaks
    writeFileSync(path, bytes);
    const reopened = SqliteEventStore.open({ path });
    try {
      const report = await reopened.verify();
      expect(report.problems).toEqual([
        expect.objectContaining({ eventId: target.id, problem: expect.objectContaining({ kind: 'unreadable' }) }),
      ]);
      await expect(collect(reopened.readStream('s-1'))).rejects.toMatchObject({ damage: { eventId: target.id, problem: { kind: 'unreadable' } } });
      // Never chained onto: the append is refused and nothing is written.
      await expect(reopened.append('s-1', [newEvent()], { expectedRevision: 'any' })).rejects.toMatchObject({ code: 'record_damaged' });
      expect(await reopened.headPosition()).toBe(1n);
    } finally {
      await reopened.close();
    }
  });

  it('loses no acknowledged append when a writer process under 64-writer load is killed with SIGKILL', async () => {
    const path = join(dir, 'events.sqlite');
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'crash-writer.ts'), path],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
    );
    const acks: { id: string; stream: string; revision: bigint; position: bigint }[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const lines = createInterface({ input: child.stdout! });
    for await (const line of lines) {
      const [word, id, stream, revision, position] = line.split(' ');
      if (word !== 'ack') continue;
      acks.push({ id, stream, revision: BigInt(revision), position: BigInt(position) });
      if (acks.length === 3_000) child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    expect(acks.length).toBeGreaterThanOrEqual(3_000);

    const reopened = SqliteEventStore.open({ path });
    try {
      const stored = new Map((await collect(reopened.readAll())).map((e) => [e.id, e]));
      const lost = acks.filter((a) => {
        const e = stored.get(a.id);
        return !e || e.streamId !== a.stream || e.revision !== a.revision || e.position !== a.position;
      });
      expect(lost).toEqual([]);
      expect((await reopened.verify()).ok).toBe(true);
      const id = randomUUID();
      await expect(reopened.append('after-crash', [newEvent('T', {}, id)], { expectedRevision: 'no_stream' })).resolves.toBeDefined();
    } finally {
      await reopened.close();
    }
  });
});
