import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { breakOf, DamagedEvent, readsJsonText, SqliteEventStore, type DataHashed, type EventStore, type EventWithJson, type JsonValue, type NewEvent, type RecordedEvent } from '../../src';
import { collect } from '../contract/fixtures';
import { tamperWithEvent } from '../support/tamper';

/**
 * readAllWithJson hands out, beside each event, the JSON text of its data and metadata exactly as
 * JSON.stringify writes them, taken from the stored bytes (an audit export writes them without serialising
 * the event again) — and undefined wherever the stored bytes could give other bytes.
 */
const event = (type: string, data: JsonValue, metadata: Partial<NewEvent['metadata']> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { actor: 'osoba-1', correlationId: randomUUID(), causationId: randomUUID(), ...metadata },
});

/** What a serialiser can get wrong: escapes, unicode, numbers, nesting, nulls, optional metadata (the store refuses undefined in data). */
const VARIED: NewEvent[] = [
  event('MeetingConvened', { title: 'Zebranie „Żółć” — gęślą jaźń', scheduledFor: '2024-03-14T10:00:00.000Z', b: 1, a: [1, 2.5, -3e-7, 1e21, null, true] }),
  event('AgendaItemAdded', { title: 'Uchwała, "cudzysłów"\r\nnowa linia \\ \u2028 \u0001', nested: { z: { '': 'pusty', 'klucz "x"': [] } } }),
  event('BallotCast', { emoji: '🗳️ \ud83d\ude00', lone: '\ud800' }, { occurredAt: '2016-03-14T10:00:00.000Z', reference: 'protokół nr 3/2016' }),
  event('Nothing', null),
  event('List', [1, 'two', { three: 3 }]),
];

describe('SqliteEventStore.readAllWithJson', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-json-'));
    path = join(dir, 'events.sqlite');
    store = SqliteEventStore.open({ path });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const reads = async (options?: Parameters<SqliteEventStore['readAllWithJson']>[0]) => (await collect(store.readAllWithJson(options))).flat();
  const expectExact = (read: EventWithJson) => {
    if (read.dataJson !== undefined) expect(read.dataJson).toBe(JSON.stringify(read.event.data));
    if (read.metadataJson !== undefined) expect(read.metadataJson).toBe(JSON.stringify(read.event.metadata));
  };

  it('gives the events readAll gives, each with its data and metadata as JSON.stringify writes them, taken from the stored text', async () => {
    await store.append('meeting-1', VARIED, { expectedRevision: 'no_stream' });
    await store.append('other-1', [event('X', { n: 1 })], { expectedRevision: 'no_stream' });
    const read = await reads();
    expect(read.map((r) => r.event)).toEqual(await collect(store.readAll()));
    for (const r of read) expectExact(r);
    // The stored text stands for every data and metadata here (a lone surrogate is stored escaped, as JSON.stringify writes it).
    expect(read.filter((r) => r.dataJson === undefined).map((r) => r.event.type)).toEqual([]);
    expect(read.every((r) => r.metadataJson !== undefined)).toBe(true);
    expect(readsJsonText(store)).toBe(true);
  });

  it('leaves the text out where JSON.stringify would write other bytes: index keys in the data, an escape in the metadata', async () => {
    await store.append('s-1', [event('Indexed', { b: { 10: 'x', 9: 'y', a: 1 } }), event('Quoted', { n: 1 }, { reference: 'protokół "3"' }), event('Plain', { n: 2 })], { expectedRevision: 'no_stream' });
    const [indexed, quoted, plain] = await reads();
    expect(indexed.dataJson).toBeUndefined();
    expect(indexed.metadataJson).toBe(JSON.stringify(indexed.event.metadata));
    expect(quoted.dataJson).toBe('{"n":1}');
    expect(quoted.metadataJson).toBeUndefined();
    expect(plain.dataJson).toBe('{"n":2}');
    expect(plain.metadataJson).toBe(JSON.stringify(plain.event.metadata));
    expect(plain.metadataJson).toMatch(/,"prevHash":"[0-9a-f]{64}","hash":"[0-9a-f]{64}"\}$/);
  });

  it('leaves the text out for index keys of several digits only (JavaScript lists 20 before 100)', async () => {
    await store.append('s-1', [event('Indexed', { 10: 'a', 100: 'b', 20: 'c' })], { expectedRevision: 'no_stream' });
    const [indexed] = await reads();
    expect(indexed.dataJson).toBeUndefined();
  });

  it('leaves the text out where the stored bytes were edited without changing a value (the hash holds only over the parsed event)', async () => {
    await store.append('s-1', [event('A', { a: 1, b: 'x' }), event('B', { n: 1 })], { expectedRevision: 'no_stream' });
    tamperWithEvent(path, 's-1', 0n, '{ "a": 1, "b": "x" }');
    editMetadata(path, 's-1', 1n, (text) => text.replace('"actor":', '"actor" :'));
    const [a, b] = await reads();
    expect(a.event.data).toEqual({ a: 1, b: 'x' });
    expect(a.dataJson).toBeUndefined();
    expect(a.metadataJson).toBeDefined();
    expect(b.event.metadata.actor).toBe('osoba-1');
    expect(b.dataJson).toBe('{"n":1}');
    expect(b.metadataJson).toBeUndefined();
  });

  it('reads after a position, up to an inclusive one, through the filter, in pages', async () => {
    await store.append('keep-1', Array.from({ length: 40 }, (_, i) => event('K', { i })), { expectedRevision: 'no_stream' });
    await store.append('skip-1', [event('S', { i: 0 })], { expectedRevision: 'no_stream' });
    const all = await collect(store.readAll());
    const pages = await collect(store.readAllWithJson({ fromPosition: all[2].position, toPosition: all[35].position, filter: { streamPrefixes: ['keep-'] } }));
    expect(pages.flat().map((r) => r.event.position)).toEqual(all.slice(3, 36).map((e) => e.position));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((p) => p.length > 0 && p.length <= 16)).toBe(true);
    expect((await reads({ filter: { streamPrefixes: ['skip-'] } })).map((r) => r.event.data)).toEqual([{ i: 0 }]);
  });

  it('goes on past the first page of the store', async () => {
    await store.close();
    store = SqliteEventStore.open({ path, pageSize: 7 });
    await store.append('s-1', Array.from({ length: 30 }, (_, i) => event('K', { i })), { expectedRevision: 'no_stream' });
    expect((await reads()).map((r) => r.event.data)).toEqual(Array.from({ length: 30 }, (_, i) => ({ i })));
  });

  it('ends at a damaged event as readAll does, after the events before it; one after the bound is not read', async () => {
    await store.append('s-1', Array.from({ length: 5 }, (_, i) => event('K', { i })), { expectedRevision: 'no_stream' });
    const all = await collect(store.readAll());
    tamperWithEvent(path, 's-1', 3n, '{"i":30}');
    const delivered: RecordedEvent[] = [];
    const error = await (async () => {
      try {
        for await (const page of store.readAllWithJson()) delivered.push(...page.map((r) => r.event));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DamagedEvent);
    expect((error as DamagedEvent).damage).toMatchObject({ revision: 3n, problem: { kind: 'hash_mismatch' } });
    expect(delivered.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect((await reads({ toPosition: all[2].position })).map((r) => r.event.revision)).toEqual([0n, 1n, 2n]);
  });

  it('is the embedded store’s: a store with only the port does not read with JSON', () => {
    const portOnly = { readAll: () => store.readAll() } as unknown as EventStore;
    expect(readsJsonText(portOnly)).toBe(false);
  });
});

describe('breakOf reports how the data hashed', () => {
  it('as stored when the hash held over the stored text, not when only the parsed value gave it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klaster-json-'));
    const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    try {
      await store.append('s-1', [event('A', { b: 2, a: 1 })], { expectedRevision: 'no_stream' });
      const [read] = await collect(store.readAll());
      const hashed: DataHashed = { asStored: false };
      expect(breakOf(read, undefined, '{"a":1,"b":2}', hashed)).toBeUndefined();
      expect(hashed.asStored).toBe(true);
      expect(breakOf(read, undefined, '{"b":2,"a":1}', hashed)).toBeUndefined();
      expect(hashed.asStored).toBe(false);
      hashed.asStored = true;
      expect(breakOf(read, undefined, undefined, hashed)).toBeUndefined();
      expect(hashed.asStored).toBe(false);
      hashed.asStored = true;
      expect(breakOf({ ...read, data: { a: 9 } }, undefined, '{"a":9}', hashed)).toMatchObject({ kind: 'hash_mismatch' });
      expect(hashed.asStored).toBe(false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Rewrites an event's stored metadata text behind the store's back (the triggers lifted for the edit). */
function editMetadata(path: string, streamId: string, revision: bigint, edit: (text: string) => string): void {
  const db = new Database(path);
  db.defaultSafeIntegers(true);
  try {
    const triggers = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").all() as { sql: string }[];
    const row = db.prepare('SELECT position, metadata FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision) as { position: bigint; metadata: string };
    db.transaction(() => {
      db.exec('DROP TRIGGER IF EXISTS events_are_immutable; DROP TRIGGER IF EXISTS events_are_never_deleted;');
      db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(edit(row.metadata), row.position);
      for (const t of triggers) db.exec(t.sql);
    })();
  } finally {
    db.close();
  }
}
