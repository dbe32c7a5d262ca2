import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { decodeDocument, encodeDocument } from './document-codec';
import { entriesOf, entryOf, isSplitEntry, placeAt, recordsInRow, rowValue, splitPaths, valueAt, type SplitPath } from './document-parts';
import { readModels } from '../read-models';
import type { DocumentDamage } from './document-damage';
import { READ_MODELS_PAGE_SIZE, lockExclusively, releaseOwnerNote } from './read-models-lock';

export { decodeDocument, encodeDocument } from './document-codec';
export type { SplitPath } from './document-parts';
export * from './document-damage';
export { ReadModelsInUse, ReadModelsLock, type LockOwner } from './read-models-lock';

export interface StoredDocument<T = unknown> {
  collection: string;
  key: string;
  /** The cluster the document belongs to, for listing and permission checks. */
  clusterId: string | null;
  doc: T;
  /**
   * Keep the records at these paths (e.g. ['state', 'votes'] and ['state', 'votes', '*', 'ballots'])
   * as one row per entry, rewriting only the entries that changed since the last commit: for
   * documents that grow large. Always the same per collection (its projection's `splitAt`).
   */
  split?: SplitPath | readonly SplitPath[];
  /**
   * The split entries changed since the document last committed (concrete paths from its root), when
   * the projection could tell: only those rows are written, without comparing the others. Absent:
   * every entry is compared with the committed one.
   */
  touched?: readonly SplitPath[];
  /**
   * The terms the document is found by (its projection's `termsOf`), replacing those it had: absent,
   * the document keeps no terms of its own kind (a collection's projection either gives them always
   * or never).
   */
  terms?: readonly string[];
}

export interface ReadModelStoreOptions {
  /**
   * Take the file for this connection alone (SQLite EXCLUSIVE locking) for as long as it is open, and
   * fail at once with ReadModelsInUse when another connection has it open — a running server keeps
   * its connection (and its projection runner) open for its whole life; so do a rebuild and the demo loader.
   */
  exclusive?: boolean;
  /** What the holder is, in words, for the message another process gets when refused ("a Klaster server"). */
  role?: string;
  /** How many characters of JSON the fold's cache of committed documents may hold (default 64 Mi). */
  cacheChars?: number;
  /**
   * Per collection, what turns a document read back from JSON into the form its projection works on
   * (a meeting's ballots into their persistent map). Default: the server's read models' `revive`.
   */
  revivers?: ReadonlyMap<string, (doc: any) => unknown>;
}

const defaultRevivers = (): ReadonlyMap<string, (doc: any) => unknown> =>
  new Map(readModels.filter((p) => p.revive).map((p) => [p.collection, p.revive!.bind(p)]));

/** Counts of what commits wrote, for tests and benchmarks that check a commit's cost does not grow with a document. */
export interface WriteCounts {
  documentRows: number;
  partRows: number;
  partChars: number;
}

/** Counts of what reads parsed, for tests and benchmarks that check queries are served from the cache. */
export interface ReadCounts {
  /** Documents parsed from the file (a split document counts once, with all its rows). */
  documentsParsed: number;
}

/**
 * Read models as JSON documents in their own SQLite file (never the event store's), with one
 * checkpoint per runner. A batch of document writes and its checkpoint commit in one transaction,
 * so after a crash the runner resumes exactly where the documents are.
 */
export class ReadModelStore {
  private readonly db: Database.Database;
  private readonly stmt: Record<
    | 'get'
    | 'put'
    | 'del'
    | 'byCluster'
    | 'keysByCluster'
    | 'any'
    | 'all'
    | 'collections'
    | 'checkpoint'
    | 'saveCheckpoint'
    | 'parts'
    | 'putPart'
    | 'delPart'
    | 'delParts'
    | 'putDamage'
    | 'termsOfKey'
    | 'putTerm'
    | 'delTerm'
    | 'delTerms'
    | 'keysWithTerm',
    Database.Statement
  >;
  /**
   * The documents as last committed, parsed, for the fold (`latest`): applying the next event to a
   * document need not parse the JSON just written. Filled only after a commit succeeded (or from the
   * file), so it never holds what the file does not; bounded by the size of their JSON. For a split
   * document it also knows the size of each entry's row, and the entries themselves are what the
   * next commit compares with.
   */
  private readonly committed: LRUCache<string, Committed>;
  /** Every damaged document (few), as committed: readers ask about one on every query. */
  private readonly damaged = new Map<string, DocumentDamage>();
  /** Set while this connection holds the file exclusively. */
  private lockedPath: string | undefined;
  private readonly revivers: ReadonlyMap<string, (doc: any) => unknown>;
  /** What commits wrote so far (rows and characters of split entries). */
  readonly writeCounts: WriteCounts = { documentRows: 0, partRows: 0, partChars: 0 };
  /** What reads parsed so far. */
  readonly readCounts: ReadCounts = { documentsParsed: 0 };

  constructor(path: string, options: ReadModelStoreOptions = {}) {
    mkdirSync(dirname(path), { recursive: true });
    this.revivers = options.revivers ?? defaultRevivers();
    this.committed = new LRUCache({ maxSize: options.cacheChars ?? 64 * 2 ** 20, sizeCalculation: (entry) => Math.max(1, entry.chars) });
    this.db = new Database(path);
    this.db.pragma(`page_size = ${READ_MODELS_PAGE_SIZE}`);
    if (options.exclusive) {
      lockExclusively(this.db, path, options.role ?? 'another process');
      this.lockedPath = path;
    }
    this.db.pragma('journal_mode = WAL');
    // NORMAL is enough: read models are rebuildable, and documents and checkpoint commit together.
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
    this.stmt = {
      get: this.db.prepare('SELECT key, split, json FROM documents WHERE collection = ? AND key = ?'),
      // An upsert rewrites the row in place; REPLACE would delete it and insert it anew.
      put: this.db.prepare(
        'INSERT INTO documents (collection, key, cluster_id, split, json) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT (collection, key) DO UPDATE SET cluster_id = excluded.cluster_id, split = excluded.split, json = excluded.json',
      ),
      del: this.db.prepare('DELETE FROM documents WHERE collection = ? AND key = ?'),
      byCluster: this.db.prepare('SELECT key, split, json FROM documents WHERE collection = ? AND cluster_id = ? ORDER BY key'),
      keysByCluster: this.db.prepare('SELECT key FROM documents WHERE collection = ? AND cluster_id = ? ORDER BY key').pluck(),
      any: this.db.prepare('SELECT 1 FROM documents WHERE collection = ? LIMIT 1').pluck(),
      all: this.db.prepare('SELECT key, cluster_id, split, json FROM documents WHERE collection = ? ORDER BY key'),
      collections: this.db.prepare('SELECT DISTINCT collection FROM documents ORDER BY collection'),
      checkpoint: this.db.prepare('SELECT position FROM checkpoints WHERE name = ?'),
      saveCheckpoint: this.db.prepare('INSERT OR REPLACE INTO checkpoints (name, position) VALUES (?, ?)'),
      // In the order the entries were first written (rowid), which is each record's own order.
      parts: this.db.prepare('SELECT record, part, json FROM document_parts WHERE collection = ? AND key = ? ORDER BY rowid'),
      putPart: this.db.prepare(
        'INSERT INTO document_parts (collection, key, record, part, json) VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection, key, record, part) DO UPDATE SET json = excluded.json',
      ),
      // An entry and every entry split below it (records whose path starts with the entry's).
      delPart: this.db.prepare(
        'DELETE FROM document_parts WHERE collection = ? AND key = ? AND ((record = ? AND part = ?) OR (record >= ? AND record < ?))',
      ),
      delParts: this.db.prepare('DELETE FROM document_parts WHERE collection = ? AND key = ?'),
      // The first damage found stays: later events of that stream are not applied anyway.
      putDamage: this.db.prepare('INSERT OR IGNORE INTO damaged (collection, key, json) VALUES (?, ?, ?)'),
      termsOfKey: this.db.prepare('SELECT term FROM document_terms WHERE collection = ? AND key = ?').pluck(),
      putTerm: this.db.prepare('INSERT OR IGNORE INTO document_terms (collection, term, key) VALUES (?, ?, ?)'),
      delTerm: this.db.prepare('DELETE FROM document_terms WHERE collection = ? AND term = ? AND key = ?'),
      delTerms: this.db.prepare('DELETE FROM document_terms WHERE collection = ? AND key = ?'),
      keysWithTerm: this.db.prepare('SELECT key FROM document_terms WHERE collection = ? AND term = ? ORDER BY key').pluck(),
    };
    for (const row of this.db.prepare('SELECT json FROM damaged').all() as { json: string }[]) {
      const damage = decodeDocument<DocumentDamage>(row.json);
      this.damaged.set(cacheKey(damage.collection, damage.key), damage);
    }
  }

  /** Why a document no longer follows its stream, or undefined when it does. */
  damageOf(collection: string, key: string): DocumentDamage | undefined {
    return this.damaged.get(cacheKey(collection, key));
  }

  /** The damaged documents of a collection that belong to a cluster. */
  damagedIn(collection: string, clusterId: string): DocumentDamage[] {
    if (this.damaged.size === 0) return [];
    const clusterOf = this.db.prepare('SELECT cluster_id FROM documents WHERE collection = ? AND key = ?');
    return [...this.damaged.values()].filter(
      (d) => d.collection === collection && (clusterOf.get(collection, d.key) as { cluster_id: string | null } | undefined)?.cluster_id === clusterId,
    );
  }

  /** Every damaged document, in the order found. */
  damages(): DocumentDamage[] {
    return [...this.damaged.values()];
  }

  /** A document, freshly parsed: the caller may keep or change it. */
  get<T>(collection: string, key: string): T | undefined {
    const row = this.stmt.get.get(collection, key) as DocumentRow | undefined;
    return row ? this.assemble<T>(collection, row).doc : undefined;
  }

  /**
   * A document as last committed, for readers that never change it (the projection runner's fold,
   * the queries, the live gateway's permission checks): possibly the very object committed, shared
   * with the cache (projections return new documents). Never stale: the cache learns each commit in
   * the same synchronous step that writes it (see `commit`), and this store's connection is the only
   * writer of its file (a server holds it exclusively; so does a rebuild).
   */
  latest<T>(collection: string, key: string): T | undefined {
    const id = cacheKey(collection, key);
    const hit = this.committed.get(id);
    if (hit) return hit.doc as T;
    const row = this.stmt.get.get(collection, key) as DocumentRow | undefined;
    if (!row) return undefined;
    const entry = this.assemble<T>(collection, row);
    this.committed.set(id, entry);
    return entry.doc;
  }

  /** A cluster's documents of a kind, as `latest` gives them (shared: never change them), in key order. */
  latestByCluster<T>(collection: string, clusterId: string): T[] {
    return (this.stmt.keysByCluster.all(collection, clusterId) as string[]).map((key) => this.latest<T>(collection, key)!);
  }

  /** How many characters of JSON the cache of committed documents holds now (at most `cacheChars`). */
  get cachedChars(): number {
    return this.committed.calculatedSize;
  }

  byCluster<T>(collection: string, clusterId: string): T[] {
    return (this.stmt.byCluster.all(collection, clusterId) as DocumentRow[]).map((r) => this.assemble<T>(collection, r).doc);
  }

  all<T>(collection: string): StoredDocument<T>[] {
    return (this.stmt.all.all(collection) as (DocumentRow & { cluster_id: string | null })[]).map((r) => ({
      collection,
      key: r.key,
      clusterId: r.cluster_id,
      doc: this.assemble<T>(collection, r).doc,
    }));
  }

  /**
   * The keys of a collection's documents found by a term (their projection's `termsOf`), in key order,
   * without reading any document: e.g. the clusters a person may read.
   */
  keysWithTerm(collection: string, term: string): string[] {
    return this.stmt.keysWithTerm.all(collection, term) as string[];
  }

  /** Whether a collection holds any document (without reading one). */
  hasAny(collection: string): boolean {
    return this.stmt.any.get(collection) !== undefined;
  }

  /** Every collection that holds at least one document. */
  collections(): string[] {
    return (this.stmt.collections.all() as { collection: string }[]).map((r) => r.collection);
  }

  checkpoint(name: string): bigint | undefined {
    const row = this.stmt.checkpoint.get(name) as { position: string } | undefined;
    return row ? BigInt(row.position) : undefined;
  }

  /**
   * Writes (or deletes, for an undefined doc) every document of a batch, the documents found damaged
   * and the checkpoint, atomically.
   */
  commit(name: string, position: bigint, writes: Iterable<StoredDocument<unknown | undefined>>, damages: readonly DocumentDamage[] = []): void {
    const written: [string, Committed | undefined][] = [];
    this.db.transaction(() => {
      for (const d of damages) this.stmt.putDamage.run(d.collection, d.key, encodeDocument(d));
      for (const w of writes) {
        const id = cacheKey(w.collection, w.key);
        if (w.doc === undefined) {
          this.stmt.del.run(w.collection, w.key);
          this.stmt.delParts.run(w.collection, w.key);
          this.stmt.delTerms.run(w.collection, w.key);
          written.push([id, undefined]);
        } else {
          const before = this.committed.get(id);
          const entry = w.split ? this.putSplit(w, before) : this.putWhole(w);
          if (w.terms) entry.terms = this.putTerms(w.collection, w.key, w.terms, before?.terms);
          written.push([id, entry]);
        }
      }
      this.stmt.saveCheckpoint.run(name, position.toString());
    })();
    for (const d of damages) {
      const id = cacheKey(d.collection, d.key);
      if (!this.damaged.has(id)) this.damaged.set(id, d);
    }
    for (const [id, entry] of written) {
      if (entry) this.committed.set(id, settled(entry));
      else this.committed.delete(id);
    }
  }

  /** Marks documents damaged on their own (damage found outside the runner's reading, e.g. by verification). */
  markDamaged(damages: readonly DocumentDamage[]): DocumentDamage[] {
    const fresh = damages.filter((d) => !this.damaged.has(cacheKey(d.collection, d.key)));
    if (fresh.length === 0) return [];
    this.db.transaction(() => {
      for (const d of fresh) this.stmt.putDamage.run(d.collection, d.key, encodeDocument(d));
    })();
    for (const d of fresh) this.damaged.set(cacheKey(d.collection, d.key), d);
    return fresh;
  }

  /** Drops every document and checkpoint: the next run rebuilds from the start of the log. */
  reset(): void {
    this.committed.clear();
    this.damaged.clear();
    this.db.exec('DELETE FROM documents; DELETE FROM document_parts; DELETE FROM document_terms; DELETE FROM checkpoints; DELETE FROM damaged;');
  }

  /** Closes the file as one self-contained file (its WAL folded in), ready to be renamed into place. */
  closeAsSingleFile(): void {
    this.db.pragma('journal_mode = DELETE');
    this.close();
  }

  close(): void {
    this.committed.clear();
    this.db.close();
    if (this.lockedPath) releaseOwnerNote(this.lockedPath);
  }

  /**
   * Replaces a document's terms: those it had (as cached with it, else as stored) and no longer has
   * are removed, the new ones added. Returns them sorted, each once, for the cache.
   */
  private putTerms(collection: string, key: string, terms: readonly string[], cached: readonly string[] | undefined): string[] {
    const next = [...new Set(terms)].sort();
    const had = cached ?? (this.stmt.termsOfKey.all(collection, key) as string[]);
    if (had.length === next.length && had.every((t, i) => t === next[i])) return next;
    const keep = new Set(next);
    for (const term of had) if (!keep.has(term)) this.stmt.delTerm.run(collection, term, key);
    const old = new Set(had);
    for (const term of next) if (!old.has(term)) this.stmt.putTerm.run(collection, term, key);
    return next;
  }

  private putWhole(w: StoredDocument<unknown>): Committed {
    const json = encodeDocument(w.doc);
    this.stmt.put.run(w.collection, w.key, w.clusterId, null, json);
    this.writeCounts.documentRows++;
    return { doc: w.doc, chars: json.length };
  }

  /**
   * The document's own row (its top split records emptied), then each split entry that changed: those
   * the projection named (`touched`) when the committed document is cached, else every entry that is
   * not the very object committed last time — all of them when that document is not cached — and the
   * removal of entries that are gone. Entry sizes are settled once the transaction has committed.
   */
  private putSplit(w: StoredDocument<unknown>, before: Committed | undefined): Committed {
    const splits = splitPaths(w.split!);
    const json = encodeDocument(rowValue(w.doc, splits, []));
    this.stmt.put.run(w.collection, w.key, w.clusterId, JSON.stringify(splits), json);
    this.writeCounts.documentRows++;
    const known = before?.parts;
    const updates = new Map<string, number | undefined>();
    const write = (path: SplitPath, value: unknown) => {
      const record = JSON.stringify(path.slice(0, -1));
      const part = path[path.length - 1];
      const partJson = encodeDocument(rowValue(value, splits, path));
      this.stmt.putPart.run(w.collection, w.key, record, part, partJson);
      this.writeCounts.partRows++;
      this.writeCounts.partChars += partJson.length;
      updates.set(partId(record, part), partJson.length);
    };
    const remove = (path: SplitPath) => {
      const record = JSON.stringify(path.slice(0, -1));
      const below = `${JSON.stringify(path).slice(0, -1)},`;
      this.stmt.delPart.run(w.collection, w.key, record, path[path.length - 1], below, `${below}\uffff`);
      updates.set(partId(record, path[path.length - 1]), undefined);
      for (const id of known?.keys() ?? []) if (id.startsWith(below)) updates.set(id, undefined);
    };
    const diff = (recordPath: SplitPath, record: unknown, old: unknown) => {
      for (const [k, value] of entriesOf(record)) {
        const was = old === undefined ? undefined : entryOf(old, k);
        if (was === value) continue;
        const path = [...recordPath, k];
        write(path, value);
        for (const rest of recordsInRow(splits, path)) diff([...path, ...rest], valueAt(value, rest), was === undefined ? undefined : valueAt(was, rest));
      }
      if (old !== undefined) for (const [k] of entriesOf(old)) if (entryOf(record, k) === undefined) remove([...recordPath, k]);
    };
    if (known && w.touched) {
      // A batch of ballots names its vote once per ballot: each entry is written once.
      const seen = new Set<string>();
      for (const path of w.touched) {
        const id = JSON.stringify(path);
        if (seen.has(id)) continue;
        seen.add(id);
        if (!isSplitEntry(splits, path)) throw new Error(`${w.collection}/${w.key}: ${JSON.stringify(path)} is not an entry of a split record`);
        const value = valueAt(w.doc, path);
        if (value === undefined) remove(path);
        else write(path, value);
      }
    } else {
      if (!known) this.stmt.delParts.run(w.collection, w.key);
      for (const rest of recordsInRow(splits, [])) diff(rest, valueAt(w.doc, rest), known ? valueAt(before!.doc, rest) : undefined);
    }
    return { doc: w.doc, chars: json.length, mainChars: json.length, parts: known, partChars: known ? before!.partChars : 0, partUpdates: updates };
  }

  /** A row as a document: with its split records' entries put back in place, revived for its projection. */
  private assemble<T>(collection: string, row: DocumentRow): Committed & { doc: T } {
    this.readCounts.documentsParsed++;
    const doc = decodeDocument<T>(row.json);
    const revive = this.revivers.get(collection);
    if (row.split === null) return { doc: (revive ? revive(doc) : doc) as T, chars: row.json.length };
    // A record's path is parsed once per document (each member's history entries share one).
    const paths = new Map<string, string[]>();
    const pathOf = (record: string) => paths.get(record) ?? paths.set(record, JSON.parse(record) as string[]).get(record)!;
    const rows = (this.stmt.parts.all(collection, row.key) as { record: string; part: string; json: string }[]).map((p) => ({ ...p, path: pathOf(p.record) }));
    // Parents before their entries (a stable sort keeps each record's own order).
    rows.sort((a, b) => a.path.length - b.path.length);
    const parts = new Map<string, number>();
    let partChars = 0;
    for (const p of rows) {
      placeAt(doc, [...p.path, p.part], decodeDocument(p.json));
      parts.set(partId(p.record, p.part), p.json.length);
      partChars += p.json.length;
    }
    return { doc: (revive ? revive(doc) : doc) as T, chars: row.json.length + partChars, mainChars: row.json.length, parts, partChars };
  }

  /**
   * The file's layout, in user_version. Read models can always be rebuilt from the log, so a file in
   * an older layout is simply emptied: without a checkpoint, the runner folds the whole log again.
   * Layout 2: documents in a rowid table with a unique (collection, key) — large rows do not suit a
   * WITHOUT ROWID table (layout 1, user_version 0). Layout 3: split documents (document_parts). Layout 4:
   * the participants read model, which must see the whole log. Layout 5: states that gained fields
   * (a meeting's convener, a charter's convenerWhileVacant, an election's resolution number). Layout 6:
   * records split at several paths, nested (each vote's ballots one row each), parts named with their
   * record's path. Layout 7: an election's rounds keyed by number and split, each round's ballots one
   * row each. Layout 8: a cluster's members split, each entry of a member's representatives' history
   * one row. Layout 9: documents found by terms (document_terms: the people who may read a cluster) and
   * the seal schedule (which clusters moved since their last seal).
   */
  private migrate(): void {
    this.db.transaction(() => {
      // Added within layout 3 (a file without it simply has no damaged documents yet).
      this.db.exec('CREATE TABLE IF NOT EXISTS damaged (collection TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (collection, key))');
      const layout = this.db.pragma('user_version', { simple: true }) as number;
      if (layout === LAYOUT) return;
      this.db.exec(`
        DROP TABLE IF EXISTS documents;
        DROP TABLE IF EXISTS document_parts;
        DROP TABLE IF EXISTS checkpoints;
        DROP TABLE IF EXISTS document_terms;
        DELETE FROM damaged;
        CREATE TABLE documents (
          collection TEXT NOT NULL, key TEXT NOT NULL, cluster_id TEXT, split TEXT, json TEXT NOT NULL,
          UNIQUE (collection, key));
        CREATE INDEX documents_by_cluster ON documents (collection, cluster_id);
        CREATE TABLE document_parts (
          collection TEXT NOT NULL, key TEXT NOT NULL, record TEXT NOT NULL, part TEXT NOT NULL, json TEXT NOT NULL,
          UNIQUE (collection, key, record, part));
        CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
        CREATE TABLE document_terms (
          collection TEXT NOT NULL, term TEXT NOT NULL, key TEXT NOT NULL,
          PRIMARY KEY (collection, term, key)) WITHOUT ROWID;
        CREATE INDEX document_terms_by_key ON document_terms (collection, key);
        PRAGMA user_version = ${LAYOUT};`);
    }).immediate();
  }
}

/** The read models' file layout (user_version): a file in another is emptied and rebuilt from the log. */
export const READ_MODELS_LAYOUT = 9;
const LAYOUT = READ_MODELS_LAYOUT;

interface DocumentRow {
  key: string;
  split: string | null;
  json: string;
}

/** A committed document, its size in JSON characters and, when split, each entry's. */
interface Committed {
  doc: unknown;
  chars: number;
  /** Split documents: the own row's size, each entry's and their sum. */
  mainChars?: number;
  parts?: Map<string, number>;
  partChars?: number;
  /** While committing a split document: the entries written (their new size) or removed (undefined). */
  partUpdates?: Map<string, number | undefined>;
  /** The terms the document is found by, as committed (sorted), when its projection gives them. */
  terms?: string[];
}

/** An entry's id among a document's parts: its path as JSON without the closing bracket (so an entry's id prefixes those below it). */
const partId = (record: string, part: string) => `${record.slice(0, -1)}${record === '[]' ? '' : ','}${JSON.stringify(part)}`;

/**
 * A split document's cache entry once its commit succeeded: the sizes of the entry it replaces,
 * updated in place (that entry leaves the cache now, and its Map is no one else's), so a commit
 * costs what it wrote, not the document's number of entries.
 */
function settled(entry: Committed): Committed {
  if (!entry.partUpdates) return entry;
  const parts = entry.parts ?? new Map<string, number>();
  let partChars = entry.partChars ?? 0;
  for (const [id, size] of entry.partUpdates) {
    partChars -= parts.get(id) ?? 0;
    if (size === undefined) parts.delete(id);
    else {
      parts.set(id, size);
      partChars += size;
    }
  }
  return { doc: entry.doc, chars: entry.mainChars! + partChars, mainChars: entry.mainChars, parts, partChars, terms: entry.terms };
}

const cacheKey = (collection: string, key: string) => `${collection}\u0000${key}`;
