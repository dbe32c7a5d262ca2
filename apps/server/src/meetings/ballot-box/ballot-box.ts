import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openSqlite } from '../../storage/open-sqlite';
import type { Choice } from '@klaster/domain';

/**
 * Secret ballots by crypto-shredding. Each secret vote gets a random AES-256-GCM key, kept outside
 * the log; a ballot event carries only the sealed choice. When the vote is counted the key is
 * destroyed, so from then on no one — auditor, operator, attacker with the log — can learn how a
 * member voted, while the events themselves are never changed.
 */
export class BallotBox {
  private readonly db: Database.Database;

  /**
   * `readKeysFrom`: a dry run's box (in memory, `:memory:`) reads the keys it lacks from the real box
   * — so a vote whose ballots were sealed for real can be counted — and never changes that box.
   */
  constructor(
    path: string,
    private readonly options: { readKeysFrom?: BallotBox } = {},
  ) {
    this.db = openSqlite(path, { synchronous: 'FULL' });
    // Deleted keys are overwritten with zeros, not merely unlinked from the b-tree.
    this.db.pragma('secure_delete = ON');
    this.db.exec('CREATE TABLE IF NOT EXISTS secret_vote_keys (vote_key TEXT PRIMARY KEY, key BLOB NOT NULL, created_at TEXT NOT NULL)');
  }

  seal(voteKey: string, memberId: string, choice: Choice): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(voteKey), iv);
    cipher.setAAD(Buffer.from(`${voteKey}|${memberId}`));
    const sealed = Buffer.concat([cipher.update(choice, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  /** The choices of every sealed ballot, by member; throws if the key is gone or a ballot was tampered with. */
  unseal(voteKey: string, ballots: { memberId: string; sealedChoice: string }[]): Record<string, Choice> {
    if (ballots.length === 0) return {}; // no ballot was sealed, so no key was ever made
    const key = this.existingKey(voteKey);
    if (!key) throw new Error(`The key of secret vote ${voteKey} no longer exists`);
    const choices: Record<string, Choice> = {};
    for (const { memberId, sealedChoice } of ballots) {
      const bytes = Buffer.from(sealedChoice, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${voteKey}|${memberId}`));
      decipher.setAuthTag(bytes.subarray(12, 28));
      choices[memberId] = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8') as Choice;
    }
    return choices;
  }

  destroy(voteKey: string): void {
    this.db.prepare('DELETE FROM secret_vote_keys WHERE vote_key = ?').run(voteKey);
    // Overwrite freed pages too, so the key does not linger in the file.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }

  private keyFor(voteKey: string): Buffer {
    const existing = this.existingKey(voteKey);
    if (existing) return existing;
    const key = randomBytes(32);
    this.db.prepare('INSERT OR IGNORE INTO secret_vote_keys (vote_key, key, created_at) VALUES (?, ?, ?)').run(voteKey, key, new Date().toISOString());
    return this.existingKey(voteKey)!;
  }

  private existingKey(voteKey: string): Buffer | undefined {
    const own = (this.db.prepare('SELECT key FROM secret_vote_keys WHERE vote_key = ?').get(voteKey) as { key: Buffer } | undefined)?.key;
    return own ?? this.options.readKeysFrom?.existingKey(voteKey);
  }
}
