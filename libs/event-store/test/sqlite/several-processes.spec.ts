import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { SqliteEventStore, WrongExpectedVersion, type RecordedEvent, type Subscription } from '../../src';
import { MIGRATIONS } from '../../src/sqlite/schema';
import { collect, newEvent, rejectionOf } from '../contract/fixtures';

/** A child process running one of this folder's scripts through ts-node; its stdout lines as they come. */
function child(script: string, args: string[]) {
  const process_ = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, script), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
  const lines: string[] = [];
  const waiters: { test: (line: string) => boolean; resolve: () => void }[] = [];
  createInterface({ input: process_.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.filter((w) => w.test(line))) w.resolve();
  });
  const exited = new Promise<number | null>((resolve) => process_.on('exit', (code) => resolve(code)));
  return {
    lines,
    exited,
    /** Releases a gated writer (see contending-writer.ts). */
    go: () => process_.stdin!.end('go\n'),
    said: (test: (line: string) => boolean) =>
      lines.some(test) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve })),
  };
}

/** Reads a live subscription until `count` events have come, after it has caught up. */
async function eventsFrom(subscription: Subscription, count: number, onCaughtUp?: () => void): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const message of subscription) {
    if (message.kind === 'caught_up') onCaughtUp?.();
    if (message.kind === 'event') events.push(message.event);
    if (events.length === count) break;
  }
  await subscription.stop();
  return events;
}

/**
 * Skipped in a mutation run (KLASTER_MUTATION_RUN): the work these tests judge is done by child processes,
 * where no mutant is ever active, and they take 15–30 s each (see docs/mutation-testing.md).
 */
const childProcessTest = process.env.KLASTER_MUTATION_RUN ? it.skip : it;

describe('SqliteEventStore shared by several processes (two servers on one log file)', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-shared-log-'));
    path = join(dir, 'events.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("checks the expected revision against the file, not against what this process last wrote: another writer's append makes a stale expectation fail", async () => {
    const a = SqliteEventStore.open({ path });
    const b = SqliteEventStore.open({ path });
    try {
      await a.append('meeting-1', [newEvent()], { expectedRevision: 'no_stream' });
      // b appends behind a's back; a still remembers the head it wrote.
      const byB = await b.append('meeting-1', [newEvent()], { expectedRevision: 0n });
      const stale = await rejectionOf(a.append('meeting-1', [newEvent()], { expectedRevision: 0n }));
      expect(stale).toBeInstanceOf(WrongExpectedVersion);
      expect(stale).toMatchObject({ streamId: 'meeting-1', expected: 0n, actual: 1n });
      await expect(a.append('meeting-1', [newEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedVersion);

      // At the right revision, a chains onto b's event (not onto the head it remembered).
      const next = await a.append('meeting-1', [newEvent()], { expectedRevision: byB.nextRevision });
      const stored = await collect(a.readStream('meeting-1'));
      expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(stored[2].metadata.prevHash).toBe(stored[1].metadata.hash);
      expect(next).toEqual({ nextRevision: 2n, position: stored[2].position });
      expect((await b.verify()).ok).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets exactly one of two connections win the same expected revision, whichever commits first', async () => {
    const a = SqliteEventStore.open({ path });
    const b = SqliteEventStore.open({ path });
    try {
      await a.append('vote-1', [newEvent()], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled([
        a.append('vote-1', [newEvent('ByA')], { expectedRevision: 0n }),
        b.append('vote-1', [newEvent('ByB')], { expectedRevision: 0n }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const [refused] = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused.reason).toBeInstanceOf(WrongExpectedVersion);
      expect(refused.reason).toMatchObject({ actual: 1n });
      expect((await collect(b.readStream('vote-1'))).map((e) => e.revision)).toEqual([0n, 1n]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("wakes a live subscription with another process's appends (PRAGMA data_version), each once and in order", async () => {
    const reader = SqliteEventStore.open({ path });
    try {
      let writer: ReturnType<typeof child> | undefined;
      // The writer starts only once the subscription is live: nothing this process commits can wake it.
      const received = eventsFrom(reader.subscribeToAll(), 50, () => {
        writer = child('contending-writer.ts', [path, 'elsewhere-1', '50', 'other']);
      });
      const events = await received;
      expect(await writer!.exited).toBe(0);
      const acked = writer!.lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' ')[1]);
      expect(events.map((e) => e.id)).toEqual(acked);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i)));
      expect(events.every((e, i) => i === 0 || e.position > events[i - 1].position)).toBe(true);
    } finally {
      await reader.close();
    }
  });

  childProcessTest('keeps one unbroken chain when two processes append to the same stream at once, each retrying its conflicts', async () => {
    const observer = SqliteEventStore.open({ path });
    try {
      const seen = eventsFrom(observer.subscribeToAll(), 300);
      const one = child('contending-writer.ts', [path, 'meeting-contended', '150', 'one', 'gated']);
      const two = child('contending-writer.ts', [path, 'meeting-contended', '150', 'two', 'gated']);
      // Both loaded and waiting, then released together: a slow start of one cannot let the other finish alone.
      await Promise.all([one.said((l) => l === 'ready'), two.said((l) => l === 'ready')]);
      one.go();
      two.go();
      expect(await one.exited).toBe(0);
      expect(await two.exited).toBe(0);

      const stored = await collect(observer.readStream('meeting-contended'));
      expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 300 }, (_, i) => BigInt(i)));
      // Every acknowledged append is there once, at the revision it was acknowledged with.
      const acks = [...one.lines, ...two.lines].filter((l) => l.startsWith('ack ')).map((l) => l.split(' '));
      expect(acks).toHaveLength(300);
      const byId = new Map(stored.map((e) => [e.id, e.revision]));
      expect(acks.every(([, id, revision]) => byId.get(id) === BigInt(revision))).toBe(true);
      expect(stored.filter((e) => (e.data as { by: string }).by === 'one')).toHaveLength(150);
      expect((await observer.verify()).ok).toBe(true);
      // They did contend (else this test proves nothing about conflicts between processes).
      const conflicts = [...one.lines, ...two.lines].filter((l) => l.startsWith('conflicts ')).map((l) => Number(l.split(' ')[1]));
      expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      // The observer, a third process's view, saw all of them, in the order they were committed.
      expect((await seen).map((e) => e.id)).toEqual(stored.map((e) => e.id));
    } finally {
      await observer.close();
    }
  }, 120_000);

  childProcessTest('migrates an old file once when two processes open it at the same time', async () => {
    // A schema-1 log, as an older version left it.
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec(MIGRATIONS[0].sql);
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01T00:00:00.000Z');");
    try {
      // This process is midway through the migration (as the first server to start would be) when
      // another process opens the file: it has read schema 1 and must wait, then find it migrated.
      db.exec('BEGIN IMMEDIATE');
      db.exec(MIGRATIONS[1].sql);
      db.prepare('INSERT INTO schema_migrations VALUES (2, ?, ?)').run(MIGRATIONS[1].name, new Date().toISOString());
      const second = child('migrating-opener.ts', [path]);
      await second.said((l) => l === 'opening');
      // Give it the time to reach the lock (its wait is bounded by its busy timeout, 5 s).
      await new Promise((resolve) => setTimeout(resolve, 500));
      db.exec('COMMIT');
      expect(await second.exited).toBe(0);
      expect(second.lines).toContain('opened');
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([1, 2]);
    } finally {
      db.close();
    }
  });
});
