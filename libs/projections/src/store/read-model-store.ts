import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';

export interface StoredDocument<T = unknown> {
  collection: string;
  key: string;
  /** The cluster the document belongs to, for listing and permission checks. */
  clusterId: string | null;
  doc: T;
}

export interface ReadModelStoreOptions {
  /**
   * Take the file for this connection alone (SQLite EXCLUSIVE locking) for as long as it is open, and
   * fail at once with ReadModelsInUse when another connection has it open — a running server keeps
   * its connection (and its projection runner) open for its whole life. A rebuild opens it this way.
   */
  exclusive?: boolean;
  /** How many characters of JSON the fold's cache of committed documents may hold (default 64 Mi). */
  cacheChars?: number;
}

/** Another process (a running server) has the read-model file open. */
export class ReadModelsInUse extends Error {
  constructor(readonly path: string) {
    super(`The read models at ${path} are open in another process (a running server keeps its own projection runner on them)`);
    this.name = 'ReadModelsInUse';
  }
}

/**
 * Read models as JSON documents in their own SQLite file (never the event store's), with one
 * checkpoint per runner. A batch of document writes and its checkpoint commit in one transaction,
 * so after a crash the runner resumes exactly where the documents are.
 */
export class ReadModelStore {
  private readonly db: Database.Database;
  private readonly stmt: Record<'get' | 'put' | 'del' | 'byCluster' | 'all' | 'collections' | 'checkpoint' | 'saveCheckpoint', Database.Statement>;
  /**
   * The documents as last committed, parsed, for the fold (`latest`): applying the next event to a
   * document need not parse the JSON just written. Filled only after a commit succeeded (or from the
   * file), so it never holds what the file does not; bounded by the size of their JSON.
   */
  private readonly committed: LRUCache<string, { doc: unknown; chars: number }>;

  constructor(path: string, options: ReadModelStoreOptions = {}) {
    mkdirSync(dirname(path), { recursive: true });
    this.committed = new LRUCache({ maxSize: options.cacheChars ?? 64 * 2 ** 20, sizeCalculation: (entry) => Math.max(1, entry.chars) });
    this.db = new Database(path);
    // Documents are large (a meeting holds every ballot): big pages keep their overflow chains short.
    // Takes effect for a new file only (before anything, the lock included, has been written to it).
    this.db.pragma('page_size = 16384');
    if (options.exclusive) this.lockExclusively(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is enough: read models are rebuildable, and documents and checkpoint commit together.
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
    this.stmt = {
      get: this.db.prepare('SELECT json FROM documents WHERE collection = ? AND key = ?'),
      // An upsert rewrites the row in place; REPLACE would delete it and insert it anew.
      put: this.db.prepare(
        'INSERT INTO documents (collection, key, cluster_id, json) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (collection, key) DO UPDATE SET cluster_id = excluded.cluster_id, json = excluded.json',
      ),
      del: this.db.prepare('DELETE FROM documents WHERE collection = ? AND key = ?'),
      byCluster: this.db.prepare('SELECT key, json FROM documents WHERE collection = ? AND cluster_id = ? ORDER BY key'),
      all: this.db.prepare('SELECT key, cluster_id, json FROM documents WHERE collection = ? ORDER BY key'),
      collections: this.db.prepare('SELECT DISTINCT collection FROM documents ORDER BY collection'),
      checkpoint: this.db.prepare('SELECT position FROM checkpoints WHERE name = ?'),
      saveCheckpoint: this.db.prepare('INSERT OR REPLACE INTO checkpoints (name, position) VALUES (?, ?)'),
    };
  }

  /** A document, freshly parsed: the caller may keep or change it. */
  get<T>(collection: string, key: string): T | undefined {
    const row = this.stmt.get.get(collection, key) as { json: string } | undefined;
    return row ? decodeDocument<T>(row.json) : undefined;
  }

  /**
   * A document as last committed, for the projection runner's fold: possibly the very object
   * committed, shared with the cache, so it must not be changed (projections return new documents).
   */
  latest<T>(collection: string, key: string): T | undefined {
    const id = cacheKey(collection, key);
    const hit = this.committed.get(id);
    if (hit) return hit.doc as T;
    const row = this.stmt.get.get(collection, key) as { json: string } | undefined;
    if (!row) return undefined;
    const doc = decodeDocument<T>(row.json);
    this.committed.set(id, { doc, chars: row.json.length });
    return doc;
  }

  byCluster<T>(collection: string, clusterId: string): T[] {
    return (this.stmt.byCluster.all(collection, clusterId) as { json: string }[]).map((r) => decodeDocument<T>(r.json));
  }

  all<T>(collection: string): StoredDocument<T>[] {
    return (this.stmt.all.all(collection) as { key: string; cluster_id: string | null; json: string }[]).map((r) => ({
      collection,
      key: r.key,
      clusterId: r.cluster_id,
      doc: decodeDocument<T>(r.json),
    }));
  }

  /** Every collection that holds at least one document. */
  collections(): string[] {
    return (this.stmt.collections.all() as { collection: string }[]).map((r) => r.collection);
  }

  checkpoint(name: string): bigint | undefined {
    const row = this.stmt.checkpoint.get(name) as { position: string } | undefined;
    return row ? BigInt(row.position) : undefined;
  }

  /** Writes (or deletes, for an undefined doc) every document of a batch and the checkpoint, atomically. */
  commit(name: string, position: bigint, writes: Iterable<StoredDocument<unknown | undefined>>): void {
    const written: [string, { doc: unknown; chars: number } | undefined][] = [];
    this.db.transaction(() => {
      for (const w of writes) {
        if (w.doc === undefined) {
          this.stmt.del.run(w.collection, w.key);
          written.push([cacheKey(w.collection, w.key), undefined]);
        } else {
          const json = encodeDocument(w.doc);
          this.stmt.put.run(w.collection, w.key, w.clusterId, json);
          written.push([cacheKey(w.collection, w.key), { doc: w.doc, chars: json.length }]);
        }
      }
      this.stmt.saveCheckpoint.run(name, position.toString());
    })();
    for (const [id, entry] of written) {
      if (entry) this.committed.set(id, entry);
      else this.committed.delete(id);
    }
  }

  /** Drops every document and checkpoint: the next run rebuilds from the start of the log. */
  reset(): void {
    this.committed.clear();
    this.db.exec('DELETE FROM documents; DELETE FROM checkpoints;');
  }

  close(): void {
    this.committed.clear();
    this.db.close();
  }

  /**
   * The file's layout, in user_version. Read models can always be rebuilt from the log, so a file in
   * an older layout is simply emptied: without a checkpoint, the runner folds the whole log again.
   * Layout 2: documents in a rowid table with a unique (collection, key) — large rows do not suit a
   * WITHOUT ROWID table (layout 1, user_version 0).
   */
  private migrate(): void {
    this.db.transaction(() => {
      const layout = this.db.pragma('user_version', { simple: true }) as number;
      if (layout === LAYOUT) return;
      this.db.exec(`
        DROP TABLE IF EXISTS documents;
        DROP TABLE IF EXISTS checkpoints;
        CREATE TABLE documents (
          collection TEXT NOT NULL, key TEXT NOT NULL, cluster_id TEXT, json TEXT NOT NULL,
          UNIQUE (collection, key));
        CREATE INDEX documents_by_cluster ON documents (collection, cluster_id);
        CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
        PRAGMA user_version = ${LAYOUT};`);
    }).immediate();
  }

  /**
   * In EXCLUSIVE locking mode the first write transaction's lock is kept until the connection closes.
   * Any other open connection (even an idle one, in WAL mode) holds a shared lock, so taking it with
   * no busy wait tells at once whether someone else has the file open.
   */
  private lockExclusively(path: string): void {
    this.db.pragma('busy_timeout = 0');
    this.db.pragma('locking_mode = EXCLUSIVE');
    try {
      this.db.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch (error) {
      this.db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new ReadModelsInUse(path);
      throw error;
    }
  }
}

const LAYOUT = 2;

const cacheKey = (collection: string, key: string) => `${collection}\u0000${key}`;

// Positions and revisions are bigints; JSON carries them as tagged decimal strings, {"$bigint":"42"}.
const TAG = '{"$bigint":';
const replace = (_k: string, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v);
const isTag = (v: unknown): v is { $bigint: string } =>
  !!v && typeof v === 'object' && typeof (v as { $bigint?: unknown }).$bigint === 'string' && Object.keys(v).length === 1;
const revive = (_k: string, v: unknown) => (isTag(v) ? BigInt(v.$bigint) : v);

/**
 * JSON.stringify(doc, replace), without a replacer call per value in the usual case: documents carry
 * their bigints (revision, position) at the top level. A bigint deeper down makes the plain
 * stringify throw, and the replacer takes over.
 */
export function encodeDocument(doc: unknown): string {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    let top: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(doc)) {
      if (typeof v === 'bigint') (top ??= { ...doc })[k] = { $bigint: v.toString() };
    }
    try {
      return JSON.stringify(top ?? doc);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
  }
  return JSON.stringify(doc, replace);
}

/**
 * JSON.parse(json, revive), without a reviver call per value in the usual case: the top level's tags
 * are revived by hand, and only a document with tags deeper down is parsed again with the reviver.
 */
export function decodeDocument<T>(json: string): T {
  const value = JSON.parse(json) as unknown;
  let tags = 0;
  for (let i = json.indexOf(TAG); i >= 0; i = json.indexOf(TAG, i + TAG.length)) tags++;
  if (tags === 0) return value as T;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const top = value as Record<string, unknown>;
    for (const k of Object.keys(top)) {
      const v = top[k];
      if (isTag(v)) {
        top[k] = BigInt(v.$bigint);
        tags--;
      }
    }
  }
  return (tags === 0 ? value : JSON.parse(json, revive)) as T;
}
