/** Klaster's embedded store, through its public port only (plus a read-back of its writer's PRAGMAs). */
import type Database from 'better-sqlite3';
import { SqliteEventStore, START } from '@klaster/event-store';
import type { BenchEvent, StoreHandle, Subject } from './common';
import { rawSqlite } from './raw-sqlite';

class KlasterHandle implements StoreHandle {
  constructor(private readonly store: SqliteEventStore) {}

  async append(streamId: string, expected: number, events: BenchEvent[]): Promise<void> {
    await this.store.append(streamId, events, {
      expectedRevision: expected === 0 ? 'no_stream' : BigInt(expected - 1),
    });
  }

  async readAll(): Promise<number> {
    let n = 0;
    for await (const event of this.store.readAll({ fromPosition: START })) {
      if (event) n++;
    }
    return n;
  }

  async readStream(streamId: string): Promise<number> {
    let n = 0;
    for await (const event of this.store.readStream(streamId)) {
      if (event) n++;
    }
    return n;
  }

  async catchUp(): Promise<number> {
    const subscription = this.store.subscribeToAll({ fromPosition: START });
    let n = 0;
    try {
      for await (const message of subscription) {
        if (message.kind === 'event') n++;
        else if (message.kind === 'caught_up') break;
      }
    } finally {
      await subscription.stop();
    }
    return n;
  }

  async count(): Promise<number> {
    return Number(await this.store.headPosition());
  }

  async durability(): Promise<string> {
    // The writer connection is private; reading two PRAGMAs back from it proves what the store set.
    const writer = (this.store as unknown as { writerDb: Database.Database }).writerDb;
    const journal = writer.pragma('journal_mode', { simple: true });
    const sync = writer.pragma('synchronous', { simple: true });
    return `journal_mode=${journal}, synchronous=${Number(sync) === 2 ? 'FULL' : String(sync)}`;
  }

  stats(): Record<string, number> {
    return this.store.commitStats();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

export const klaster: Subject = {
  key: 'klaster',
  label: 'Klaster SQLite store',
  concurrentMode: 'concurrent',
  async open(path) {
    return new KlasterHandle(SqliteEventStore.open({ path }));
  },
  // Same library (better-sqlite3) as the raw baseline.
  sqliteVersion: () => rawSqlite.sqliteVersion(),
};
