import Database from 'better-sqlite3';
import { hashEvent, SqliteEventStore, type EventStore } from '@klaster/event-store';
import { tempStore } from '../support';
import { auditVerifySuite, type AuditEnv } from './audit-verify.suite';

/**
 * Opens the file as an attacker would: the triggers that refuse UPDATE and DELETE of an event are
 * dropped for the edit (and put back, so the store opens as usual).
 */
function asAttacker(path: string, edit: (db: Database.Database) => void): void {
  const db = new Database(path);
  db.defaultSafeIntegers(true);
  try {
    const triggers = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").all() as { sql: string }[];
    db.transaction(() => {
      db.exec('DROP TRIGGER IF EXISTS events_are_immutable; DROP TRIGGER IF EXISTS events_are_never_deleted;');
      edit(db);
      for (const t of triggers) db.exec(t.sql);
    })();
  } finally {
    db.close();
  }
}

interface Row {
  position: bigint;
  event_id: string;
  stream_id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  prev_hash: string | null;
  hash: string;
}

/** Recomputes the hash (and the next events' links) of a stream from a revision on: a chain that verifies. */
function rechain(db: Database.Database, streamId: string, fromRevision: bigint, change: (row: Row) => string) {
  const rows = db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision').all(streamId, fromRevision) as Row[];
  let prevHash = (db.prepare('SELECT hash FROM events WHERE stream_id = ? AND revision = ?').get(streamId, fromRevision - 1n) as { hash: string } | undefined)?.hash ?? null;
  for (const [i, row] of rows.entries()) {
    const data = i === 0 ? change(row) : row.data;
    const metadata = { ...JSON.parse(row.metadata), prevHash };
    const hash = hashEvent({ id: row.event_id, streamId, type: row.type, revision: row.revision, data: JSON.parse(data), metadata });
    db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE position = ?').run(data, prevHash, hash, row.position);
    prevHash = hash;
  }
}

describe('audit verify finds tampering in the embedded store’s file', () => {
  auditVerifySuite(async (): Promise<AuditEnv> => {
    const t = tempStore();
    let current: EventStore = t.store;
    const edit = async (fn: (db: Database.Database) => void) => {
      asAttacker(t.path, fn);
      current = t.reopen();
    };
    return {
      store: () => current,
      close: () => t.cleanup(),
      tamper: {
        alter: (s, r) => edit((db) => db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run('{"i":"forged"}', s, r)),
        swap: (s, a, b) =>
          edit((db) => {
            const pa = (db.prepare('SELECT position FROM events WHERE stream_id = ? AND revision = ?').get(s, a) as Row).position;
            const pb = (db.prepare('SELECT position FROM events WHERE stream_id = ? AND revision = ?').get(s, b) as Row).position;
            db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(pa);
            db.prepare('UPDATE events SET position = ? WHERE position = ?').run(pa, pb);
            db.prepare('UPDATE events SET position = ? WHERE position = -1').run(pb);
          }),
        deleteEvent: (s, r) => edit((db) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(s, r)),
        truncate: (s, from) => edit((db) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision >= ?').run(s, from)),
        deleteStream: (s) => edit((db) => db.prepare('DELETE FROM events WHERE stream_id = ?').run(s)),
        dropFirst: (s, count) => edit((db) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision < ?').run(s, count)),
        rewrite: (s, from) => edit((db) => rechain(db, s, from, () => '{"i":"rewritten"}')),
        replaceSeal: (s, r, data) => edit((db) => rechain(db, s, r, () => JSON.stringify(data))),
      },
    };
  });
});

// The store type is used only for its file here.
void SqliteEventStore;
