import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src';
import { eventStoreContract } from './event-store.contract';
import { forgedEvent, type WriteDamaged } from './fixtures';

describe('SqliteEventStore passes the event-store contract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'klaster-contract-'));
  const path = join(dir, 'events.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A row inserted by another connection, as a damaged disk or a hand edit would leave it. */
  const writeDamaged: WriteDamaged = async (streamId, forgery) => {
    const db = new Database(path);
    db.defaultSafeIntegers(true);
    try {
      const head = db.prepare('SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1').get(streamId) as
        | { revision: bigint; hash: string }
        | undefined;
      const { event, revision, metadata, prevHash, hash } = forgedEvent(streamId, head, forgery);
      db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        event.id, streamId, revision, event.type, JSON.stringify(event.data), JSON.stringify(metadata), prevHash, hash,
      );
    } finally {
      db.close();
    }
  };

  eventStoreContract(async () => SqliteEventStore.open({ path }), writeDamaged);
});
