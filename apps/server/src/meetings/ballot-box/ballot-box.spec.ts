import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BallotBox } from './ballot-box';

describe('BallotBox (secret ballots by crypto-shredding)', () => {
  let dir: string;
  let path: string;
  const boxes: BallotBox[] = [];
  const open = () => {
    const box = new BallotBox(path);
    boxes.push(box);
    return box;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-ballot-box-'));
    path = join(dir, 'ballot-box.sqlite');
  });
  afterEach(() => {
    for (const box of boxes.splice(0)) box.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The raw key of a vote, read behind the box's back (closed again before the box acts). */
  const rawKey = (voteKey: string): Buffer | undefined => {
    const db = new Database(path, { readonly: true });
    try {
      return (db.prepare('SELECT key FROM secret_vote_keys WHERE vote_key = ?').get(voteKey) as { key: Buffer } | undefined)?.key;
    } finally {
      db.close();
    }
  };
  /** Whether the bytes are anywhere in the database file or its write-ahead log. */
  const onDisk = (bytes: Buffer) => [path, `${path}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(bytes));

  it('opens what it sealed, with a fresh nonce each time: two equal choices do not look alike', () => {
    const box = open();
    const a = box.seal('mt/v1', 'm1', 'yes');
    const b = box.seal('mt/v1', 'm2', 'yes');
    const c = box.seal('mt/v1', 'm3', 'abstain');
    expect(new Set([a, b, c]).size).toBe(3);
    // nonce (12) + tag (16) + the choice's bytes, base64: nothing of the choice in clear.
    expect(Buffer.from(a, 'base64')).toHaveLength(12 + 16 + 'yes'.length);
    expect(Buffer.from(a, 'base64').includes(Buffer.from('yes'))).toBe(false);
    expect(box.unseal('mt/v1', [{ memberId: 'm1', sealedChoice: a }, { memberId: 'm2', sealedChoice: b }, { memberId: 'm3', sealedChoice: c }])).toEqual({ m1: 'yes', m2: 'yes', m3: 'abstain' });
  });

  it('gives each vote its own key, kept across a restart of the server', () => {
    const first = open();
    const sealed = first.seal('mt/v1', 'm1', 'no');
    first.seal('mt/v2', 'm1', 'no');
    expect(rawKey('mt/v1')).toHaveLength(32);
    expect(rawKey('mt/v1')!.equals(rawKey('mt/v2')!)).toBe(false);
    first.close();
    boxes.splice(boxes.indexOf(first), 1);
    expect(open().unseal('mt/v1', [{ memberId: 'm1', sealedChoice: sealed }])).toEqual({ m1: 'no' });
  });

  it('refuses a ballot moved to another member, to another vote, or altered', () => {
    const box = open();
    const sealed = box.seal('mt/v1', 'm1', 'yes');
    box.seal('mt/v2', 'm9', 'no');
    expect(() => box.unseal('mt/v1', [{ memberId: 'm2', sealedChoice: sealed }])).toThrow();
    expect(() => box.unseal('mt/v2', [{ memberId: 'm1', sealedChoice: sealed }])).toThrow();
    const altered = Buffer.from(sealed, 'base64');
    altered[altered.length - 1] ^= 1;
    expect(() => box.unseal('mt/v1', [{ memberId: 'm1', sealedChoice: altered.toString('base64') }])).toThrow();
  });

  it('once destroyed, opens nothing any more, and the key is gone from the file and its log', () => {
    const box = open();
    const sealed = box.seal('mt/v1', 'm1', 'yes');
    const other = box.seal('mt/v2', 'm1', 'no');
    const key = rawKey('mt/v1')!;
    expect(onDisk(key)).toBe(true);

    box.destroy('mt/v1');
    expect(rawKey('mt/v1')).toBeUndefined();
    expect(() => box.unseal('mt/v1', [{ memberId: 'm1', sealedChoice: sealed }])).toThrow(/no longer exists/);
    expect(onDisk(key)).toBe(false);
    // Another vote's key is untouched.
    expect(box.unseal('mt/v2', [{ memberId: 'm1', sealedChoice: other }])).toEqual({ m1: 'no' });
    // Not even with the key's bytes in hand through another connection: there are none left to find.
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM secret_vote_keys').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
