import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { DamagedEvent, readsJsonText, SqliteEventStore, type EventStore } from '@klaster/event-store';
import { DamageAwareEventStore } from './damage-aware-store';
import { DamageRegistry } from './damage-registry';

/** The guarded store passes the embedded store's read with stored JSON on (an export uses it), noting damage as readAll does. */
describe('DamageAwareEventStore.readAllWithJson', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-guarded-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads with stored JSON when the adapter does, and notes a damaged event it meets', async () => {
    await store.append('s-1', [1, 2].map((i) => ({ id: randomUUID(), type: 'K', data: { i }, metadata: { actor: 'p', correlationId: 'c', causationId: 'c' } })), { expectedRevision: 'no_stream' });
    const registry = new DamageRegistry();
    const guarded = new DamageAwareEventStore(store, registry);
    expect(readsJsonText(guarded)).toBe(true);
    const read = [];
    for await (const page of guarded.readAllWithJson!()) read.push(...page);
    expect(read.map((r) => r.dataJson)).toEqual(['{"i":1}', '{"i":2}']);

    const db = new Database(join(dir, 'events.sqlite'));
    db.exec("DROP TRIGGER events_are_immutable; UPDATE events SET data = '{\"i\":20}' WHERE revision = 1");
    db.close();
    await expect((async () => { for await (const _ of guarded.readAllWithJson!()) void _; })()).rejects.toBeInstanceOf(DamagedEvent);
    expect(registry.forStream('s-1')).toMatchObject({ revision: 1n, foundBy: 'read' });
  });

  it('has no such read in front of a store without one (EventStoreDB)', () => {
    const portOnly = { kind: 'esdb', readAll: () => store.readAll() } as unknown as EventStore & { kind: string };
    expect(readsJsonText(new DamageAwareEventStore(portOnly, new DamageRegistry()))).toBe(false);
  });
});
