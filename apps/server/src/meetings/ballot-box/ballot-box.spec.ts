import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BallotBox } from './ballot-box';
import { SqliteSecretBallotKeys } from './sqlite-secret-ballot-keys';

describe('BallotBox (secret ballots by crypto-shredding)', () => {
  let dir: string;
  let path: string;
  const boxes: BallotBox[] = [];
  const open = () => {
    const box = new BallotBox(new SqliteSecretBallotKeys(path));
    boxes.push(box);
    return box;
  };
  /** Seals a ballot as the command side does: the vote's key, made on first use. */
  const seal = async (box: BallotBox, voteKey: string, memberId: string, choice: 'yes' | 'no' | 'abstain') => box.seal((await box.keyForBallot(voteKey))!, voteKey, memberId, choice);
  const unseal = async (box: BallotBox, voteKey: string, ballots: { memberId: string; sealedChoice: string }[]) => box.unseal(await box.keyForCount(voteKey), voteKey, ballots);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-ballot-box-'));
    path = join(dir, 'ballot-box.sqlite');
  });
  afterEach(async () => {
    for (const box of boxes.splice(0)) await box.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The raw key of a vote, read behind the box's back (closed again before the box acts). */
  const rawKey = (voteKey: string): Buffer | undefined => {
    const db = new Database(path, { readonly: true });
    try {
      return (db.prepare('SELECT key FROM secret_ballot_keys WHERE vote_key = ? AND key IS NOT NULL').get(voteKey) as { key: Buffer } | undefined)?.key;
    } finally {
      db.close();
    }
  };
  /** Whether the bytes are anywhere in the database file or its write-ahead log. */
  const onDisk = (bytes: Buffer) => [path, `${path}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(bytes));

  it('opens what it sealed, with a fresh nonce each time: two equal choices do not look alike', async () => {
    const box = open();
    const a = await seal(box, 'mt/v1', 'm1', 'yes');
    const b = await seal(box, 'mt/v1', 'm2', 'yes');
    const c = await seal(box, 'mt/v1', 'm3', 'abstain');
    expect(new Set([a, b, c]).size).toBe(3);
    // nonce (12) + tag (16) + the choice's bytes, base64: nothing of the choice in clear.
    expect(Buffer.from(a, 'base64')).toHaveLength(12 + 16 + 'yes'.length);
    expect(Buffer.from(a, 'base64').includes(Buffer.from('yes'))).toBe(false);
    expect(await unseal(box, 'mt/v1', [{ memberId: 'm1', sealedChoice: a }, { memberId: 'm2', sealedChoice: b }, { memberId: 'm3', sealedChoice: c }])).toEqual({ m1: 'yes', m2: 'yes', m3: 'abstain' });
  });

  it('gives each vote its own key, kept across a restart of the server', async () => {
    const first = open();
    const sealed = await seal(first, 'mt/v1', 'm1', 'no');
    await seal(first, 'mt/v2', 'm1', 'no');
    expect(rawKey('mt/v1')).toHaveLength(32);
    expect(rawKey('mt/v1')!.equals(rawKey('mt/v2')!)).toBe(false);
    await first.close();
    boxes.splice(boxes.indexOf(first), 1);
    expect(await unseal(open(), 'mt/v1', [{ memberId: 'm1', sealedChoice: sealed }])).toEqual({ m1: 'no' });
  });

  it('refuses a ballot moved to another member, to another vote, or altered', async () => {
    const box = open();
    const sealed = await seal(box, 'mt/v1', 'm1', 'yes');
    await seal(box, 'mt/v2', 'm9', 'no');
    await expect(unseal(box, 'mt/v1', [{ memberId: 'm2', sealedChoice: sealed }])).rejects.toThrow();
    await expect(unseal(box, 'mt/v2', [{ memberId: 'm1', sealedChoice: sealed }])).rejects.toThrow();
    const altered = Buffer.from(sealed, 'base64');
    altered[altered.length - 1] ^= 1;
    await expect(unseal(box, 'mt/v1', [{ memberId: 'm1', sealedChoice: altered.toString('base64') }])).rejects.toThrow();
  });

  it('once destroyed, opens nothing any more, and the key is gone from the file and its log', async () => {
    const box = open();
    const sealed = await seal(box, 'mt/v1', 'm1', 'yes');
    const other = await seal(box, 'mt/v2', 'm1', 'no');
    const key = rawKey('mt/v1')!;
    expect(onDisk(key)).toBe(true);

    await box.destroy('mt/v1');
    expect(rawKey('mt/v1')).toBeUndefined();
    await expect(unseal(box, 'mt/v1', [{ memberId: 'm1', sealedChoice: sealed }])).rejects.toThrow(/no longer exists/);
    expect(onDisk(key)).toBe(false);
    // A late ballot makes no new key for the destroyed vote.
    expect(await box.keyForBallot('mt/v1')).toBeUndefined();
    // Another vote's key is untouched.
    expect(await unseal(box, 'mt/v2', [{ memberId: 'm1', sealedChoice: other }])).toEqual({ m1: 'no' });
  });
});
