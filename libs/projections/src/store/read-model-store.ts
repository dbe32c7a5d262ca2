import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface StoredDocument<T = unknown> {
  collection: string;
  key: string;
  /** The cluster the document belongs to, for listing and permission checks. */
  clusterId: string | null;
  doc: T;
}

/**
 * Read models as JSON documents in their own SQLite file (never the event store's), with one
 * checkpoint per runner. A batch of document writes and its checkpoint commit in one transaction,
 * so after a crash the runner resumes exactly where the documents are.
 */
export class ReadModelStore {
  private readonly db: Database.Database;
  private readonly stmt: Record<'get' | 'put' | 'del' | 'byCluster' | 'all' | 'checkpoint' | 'saveCheckpoint', Database.Statement>;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is enough: read models are rebuildable, and documents and checkpoint commit together.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        collection TEXT NOT NULL, key TEXT NOT NULL, cluster_id TEXT, json TEXT NOT NULL,
        PRIMARY KEY (collection, key)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS documents_by_cluster ON documents (collection, cluster_id);
      CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);`);
    this.stmt = {
      get: this.db.prepare('SELECT json FROM documents WHERE collection = ? AND key = ?'),
      put: this.db.prepare('INSERT OR REPLACE INTO documents (collection, key, cluster_id, json) VALUES (?, ?, ?, ?)'),
      del: this.db.prepare('DELETE FROM documents WHERE collection = ? AND key = ?'),
      byCluster: this.db.prepare('SELECT key, json FROM documents WHERE collection = ? AND cluster_id = ? ORDER BY key'),
      all: this.db.prepare('SELECT key, cluster_id, json FROM documents WHERE collection = ? ORDER BY key'),
      checkpoint: this.db.prepare('SELECT position FROM checkpoints WHERE name = ?'),
      saveCheckpoint: this.db.prepare('INSERT OR REPLACE INTO checkpoints (name, position) VALUES (?, ?)'),
    };
  }

  get<T>(collection: string, key: string): T | undefined {
    const row = this.stmt.get.get(collection, key) as { json: string } | undefined;
    return row ? (JSON.parse(row.json, revive) as T) : undefined;
  }

  byCluster<T>(collection: string, clusterId: string): T[] {
    return (this.stmt.byCluster.all(collection, clusterId) as { json: string }[]).map((r) => JSON.parse(r.json, revive) as T);
  }

  all<T>(collection: string): StoredDocument<T>[] {
    return (this.stmt.all.all(collection) as { key: string; cluster_id: string | null; json: string }[]).map((r) => ({
      collection,
      key: r.key,
      clusterId: r.cluster_id,
      doc: JSON.parse(r.json, revive) as T,
    }));
  }

  checkpoint(name: string): bigint | undefined {
    const row = this.stmt.checkpoint.get(name) as { position: string } | undefined;
    return row ? BigInt(row.position) : undefined;
  }

  /** Writes (or deletes, for an undefined doc) every document of a batch and the checkpoint, atomically. */
  commit(name: string, position: bigint, writes: Iterable<StoredDocument<unknown | undefined>>): void {
    this.db.transaction(() => {
      for (const w of writes) {
        if (w.doc === undefined) this.stmt.del.run(w.collection, w.key);
        else this.stmt.put.run(w.collection, w.key, w.clusterId, JSON.stringify(w.doc, replace));
      }
      this.stmt.saveCheckpoint.run(name, position.toString());
    })();
  }

  /** Drops every document and checkpoint: the next run rebuilds from the start of the log. */
  reset(): void {
    this.db.exec('DELETE FROM documents; DELETE FROM checkpoints;');
  }

  close(): void {
    this.db.close();
  }
}

// Positions and revisions are bigints; JSON carries them as tagged decimal strings.
const replace = (_k: string, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v);
const revive = (_k: string, v: unknown) =>
  v && typeof v === 'object' && '$bigint' in (v as object) && Object.keys(v as object).length === 1 ? BigInt((v as { $bigint: string }).$bigint) : v;
