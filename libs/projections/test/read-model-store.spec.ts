import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ReadModelStore, ReadModelsLock, decodeDocument, encodeDocument } from '../src';

// What the store wrote before the fast paths: every bigint tagged by a replacer, revived by a reviver.
const replace = (_k: string, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v);
const revive = (_k: string, v: unknown) =>
  v && typeof v === 'object' && '$bigint' in (v as object) && Object.keys(v as object).length === 1 ? BigInt((v as { $bigint: string }).$bigint) : v;

describe('ReadModelStore', () => {
  describe('document encoding', () => {
    const documents: unknown[] = [
      { state: { members: { a: { weight: 2 } } }, revision: 3n, position: 1234567890123456789n },
      { state: { nested: { at: 5n, list: [1n, { deeper: 2n }] } }, revision: 0n },
      { text: 'a literal {"$bigint":"7"} in a string', revision: 1n },
      { $bigint: 'not alone', other: 1 },
      { plain: [1, 2, 3], none: null },
      [1n, { x: 2n }],
      'just a string',
      42,
    ];

    it.each(documents.map((d) => [d]))('is byte-identical to the tagged JSON and reads back the same: %p', (doc) => {
      const json = encodeDocument(doc);
      expect(json).toBe(JSON.stringify(doc, replace));
      expect(decodeDocument(json)).toStrictEqual(JSON.parse(json, revive));
      expect(decodeDocument(json)).toStrictEqual(doc);
    });
  });

  describe('the committed documents the fold reads', () => {
    let dir: string;
    let models: ReadModelStore;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'klaster-read-models-'));
      models = new ReadModelStore(join(dir, 'read-models.sqlite'));
    });
    afterEach(() => {
      models.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('gives the committed object to the fold and a fresh copy to everyone else', () => {
      const doc = { state: { n: 1 }, revision: 0n };
      models.commit('r', 1n, [{ collection: 'c', key: 'k', clusterId: null, doc }]);
      expect(models.latest('c', 'k')).toBe(doc);
      const copy = models.get<typeof doc>('c', 'k')!;
      expect(copy).toStrictEqual(doc);
      expect(copy).not.toBe(doc);
    });

    it('never holds what a failed commit did not write', () => {
      models.commit('r', 1n, [{ collection: 'c', key: 'k', clusterId: null, doc: { v: 1 } }]);
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      expect(() =>
        models.commit('r', 2n, [
          { collection: 'c', key: 'k', clusterId: null, doc: { v: 2 } },
          { collection: 'c', key: 'bad', clusterId: null, doc: circular },
        ]),
      ).toThrow();
      expect(models.latest('c', 'k')).toEqual({ v: 1 });
      expect(models.checkpoint('r')).toBe(1n);
    });

    it('forgets deleted documents and everything on reset', () => {
      models.commit('r', 1n, [
        { collection: 'c', key: 'a', clusterId: null, doc: { v: 1 } },
        { collection: 'c', key: 'b', clusterId: null, doc: { v: 2 } },
      ]);
      models.commit('r', 2n, [{ collection: 'c', key: 'a', clusterId: null, doc: undefined }]);
      expect(models.latest('c', 'a')).toBeUndefined();
      models.reset();
      expect(models.latest('c', 'b')).toBeUndefined();
      expect(models.checkpoint('r')).toBeUndefined();
    });

    it('reads a document it has not cached from the file', () => {
      models.commit('r', 1n, [{ collection: 'c', key: 'k', clusterId: 'x', doc: { v: 1, position: 9n } }]);
      const other = new ReadModelStore(join(dir, 'read-models.sqlite'));
      try {
        expect(other.latest('c', 'k')).toStrictEqual({ v: 1, position: 9n });
      } finally {
        other.close();
      }
    });
  });

  describe('split documents (a record kept as one row per entry)', () => {
    let dir: string;
    let path: string;
    let models: ReadModelStore;
    const split = ['state', 'votes'] as const;
    const vote = (id: string, ballots: number) => ({ voteId: id, ballots: Object.fromEntries(Array.from({ length: ballots }, (_, i) => [`m${i}`, { choice: 'yes' }])) });
    const meeting = (votes: Record<string, unknown>) => ({ state: { meetingId: 'mt', votes, agenda: ['a'] }, revision: 7n, position: 99n });
    const write = (doc: unknown) => ({ collection: 'meetings', key: 'mt', clusterId: 'kl', doc, split });
    /** A part's JSON as the file holds it, read past the store. */
    const partInFile = (part: string) => {
      const db = new Database(path, { readonly: true });
      try {
        return (db.prepare('SELECT json FROM document_parts WHERE key = ? AND part = ?').get('mt', part) as { json: string } | undefined)?.json;
      } finally {
        db.close();
      }
    };
    const tamper = (part: string, json: string) => {
      const db = new Database(path);
      try {
        db.prepare('UPDATE document_parts SET json = ? WHERE key = ? AND part = ?').run(json, 'mt', part);
      } finally {
        db.close();
      }
    };
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'klaster-read-models-'));
      path = join(dir, 'read-models.sqlite');
      models = new ReadModelStore(path, { revivers: new Map() });
    });
    afterEach(() => {
      models.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reads back whole, in the record\'s order, through every read and from another connection', () => {
      const doc = meeting({ v2: vote('v2', 3), v1: vote('v1', 2), v10: vote('v10', 0) });
      models.commit('r', 1n, [write(doc)]);
      const other = new ReadModelStore(path, { revivers: new Map() });
      try {
        for (const read of [other.get('meetings', 'mt'), other.latest('meetings', 'mt'), other.byCluster('meetings', 'kl')[0], other.all('meetings')[0].doc]) {
          expect(read).toStrictEqual(doc);
          expect(Object.keys((read as typeof doc).state.votes)).toEqual(['v2', 'v1', 'v10']);
        }
      } finally {
        other.close();
      }
      expect(partInFile('v2')).toContain('"m2"');
    });

    it('rewrites only the entries that are not the very objects committed before, and removes those gone', () => {
      const [a, b, c] = [vote('a', 2), vote('b', 2), vote('c', 2)];
      models.commit('r', 1n, [write(meeting({ a, b, c }))]);
      // A marker only a rewrite of the entry would erase.
      tamper('a', '{"voteId":"a","marker":true}');
      tamper('b', '{"voteId":"b","marker":true}');
      const next = meeting({ a, c: vote('c', 3), d: vote('d', 1) });
      models.commit('r', 2n, [write(next)]);
      expect(partInFile('a')).toContain('marker');
      expect(partInFile('b')).toBeUndefined();
      expect(JSON.parse(partInFile('c')!)).toEqual(vote('c', 3));
      expect(JSON.parse(partInFile('d')!)).toEqual(vote('d', 1));
      expect(models.latest('meetings', 'mt')).toBe(next);
    });

    it('rewrites every entry when the document committed before is not cached, and deletes them with the document', () => {
      models.commit('r', 1n, [write(meeting({ a: vote('a', 1), b: vote('b', 1) }))]);
      tamper('a', '{"voteId":"a","marker":true}');
      const other = new ReadModelStore(path, { revivers: new Map() });
      try {
        other.commit('r', 2n, [write(meeting({ a: vote('a', 1) }))]);
        expect(JSON.parse(partInFile('a')!)).toEqual(vote('a', 1));
        expect(partInFile('b')).toBeUndefined();
        other.commit('r', 3n, [{ ...write(undefined), doc: undefined }]);
        expect(partInFile('a')).toBeUndefined();
        expect(other.get('meetings', 'mt')).toBeUndefined();
      } finally {
        other.close();
      }
    });
  });

  describe('the file', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'klaster-read-models-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it.each([[{}], [{ exclusive: true }], [{ exclusive: true, lockedFirst: true }]])('is created in the current layout, with large pages (%p)', ({ lockedFirst, ...options }: { exclusive?: boolean; lockedFirst?: boolean }) => {
      // A start-up check may take (and create) the file before the store opens it.
      if (lockedFirst) new ReadModelsLock(join(dir, 'read-models.sqlite'), 'a start-up check').release();
      const models = new ReadModelStore(join(dir, 'read-models.sqlite'), options);
      models.commit('r', 1n, [{ collection: 'c', key: 'k', clusterId: null, doc: { v: 1 } }]);
      models.close();
      const db = new Database(join(dir, 'read-models.sqlite'));
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(9);
        expect(db.pragma('page_size', { simple: true })).toBe(16384);
      } finally {
        db.close();
      }
    });

    it('keeps the terms a document is found by with it: replaced on each commit, gone with the document, after a restart and a reset', () => {
      const path = join(dir, 'read-models.sqlite');
      let models = new ReadModelStore(path);
      const put = (key: string, terms: string[] | undefined, doc: unknown = { terms }) => ({ collection: 'c', key, clusterId: null, doc, ...(terms && { terms }) });
      models.commit('r', 1n, [put('a', ['p1', 'p2']), put('b', ['p2', 'p2']), { collection: 'd', key: 'a', clusterId: null, doc: {}, terms: ['p1'] }]);
      expect(models.keysWithTerm('c', 'p2')).toEqual(['a', 'b']);
      expect(models.keysWithTerm('c', 'p1')).toEqual(['a']);
      expect(models.keysWithTerm('d', 'p1')).toEqual(['a']);
      models.commit('r', 2n, [put('a', ['p3', 'p1'])]);
      expect(models.keysWithTerm('c', 'p2')).toEqual(['b']);
      expect(models.keysWithTerm('c', 'p3')).toEqual(['a']);
      models.close();
      // Reopened: the store knows no document's terms in memory, it compares with the file's.
      models = new ReadModelStore(path);
      try {
        expect(models.keysWithTerm('c', 'p1')).toEqual(['a']);
        models.commit('r', 3n, [put('b', []), put('a', ['p1'])]);
        expect(models.keysWithTerm('c', 'p2')).toEqual([]);
        expect(models.keysWithTerm('c', 'p3')).toEqual([]);
        expect(models.keysWithTerm('c', 'p1')).toEqual(['a']);
        models.commit('r', 4n, [{ collection: 'c', key: 'a', clusterId: null, doc: undefined }]);
        expect(models.keysWithTerm('c', 'p1')).toEqual([]);
        expect(models.keysWithTerm('d', 'p1')).toEqual(['a']);
        models.reset();
        expect(models.keysWithTerm('d', 'p1')).toEqual([]);
      } finally {
        models.close();
      }
    });

    it('in an older layout is emptied, so the runner folds the whole log again', () => {
      const db = new Database(join(dir, 'read-models.sqlite'));
      db.exec(`
        CREATE TABLE documents (collection TEXT NOT NULL, key TEXT NOT NULL, cluster_id TEXT, json TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID;
        CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
        INSERT INTO documents VALUES ('c', 'k', NULL, '{"v":1}');
        INSERT INTO checkpoints VALUES ('read-models', '42');`);
      db.close();
      const models = new ReadModelStore(join(dir, 'read-models.sqlite'));
      try {
        expect(models.checkpoint('read-models')).toBeUndefined();
        expect(models.collections()).toEqual([]);
        models.commit('read-models', 1n, [{ collection: 'c', key: 'k', clusterId: null, doc: { v: 2 } }]);
        models.commit('read-models', 2n, [{ collection: 'c', key: 'k', clusterId: 'x', doc: { v: 3 } }]);
        expect(models.all('c')).toEqual([{ collection: 'c', key: 'k', clusterId: 'x', doc: { v: 3 } }]);
      } finally {
        models.close();
      }
    });
  });
});
