import Database from 'better-sqlite3';

/**
 * Changes the stored data of one event of an embedded store's file behind the store's back, as a
 * damaged disk or a hand edit would (the immutability triggers are lifted for the edit and put back).
 * The hash stored with it stays as it was, so the event no longer matches it.
 */
export function tamperWithEvent(path: string, streamId: string, revision: bigint, data: string): { position: bigint } {
  const db = new Database(path);
  db.defaultSafeIntegers(true);
  try {
    const triggers = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").all() as { sql: string }[];
    const row = db.prepare('SELECT position FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision) as { position: bigint } | undefined;
    if (!row) throw new Error(`No event at revision ${revision} of '${streamId}'`);
    db.transaction(() => {
      db.exec("DROP TRIGGER IF EXISTS events_are_immutable; DROP TRIGGER IF EXISTS events_are_never_deleted;");
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(data, row.position);
      for (const t of triggers) db.exec(t.sql);
    })();
    return row;
  } finally {
    db.close();
  }
}
