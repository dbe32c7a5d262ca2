import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Choice } from '@klaster/domain';
import { SecretBallotKeys } from './secret-ballot-keys';

/**
 * Secret ballots by crypto-shredding. Each secret vote gets a random AES-256-GCM key, kept outside
 * the log (SecretBallotKeys, shared by every server instance); a ballot event carries only the sealed
 * choice. When the vote is counted the key is destroyed, so from then on no one — auditor, operator,
 * attacker with the log — can learn how a member voted, while the events themselves are never changed.
 *
 * Keys are fetched before a command is decided (the store is asynchronous, a decision is not); sealing
 * and opening with a key in hand are synchronous.
 */
export class BallotBox {
  /** `keys` is read by a dry run's scratch box too (it opens ballots sealed for real, never changing them). */
  constructor(readonly keys: SecretBallotKeys) {}

  /** The key a ballot of this vote is sealed with (made on first use); undefined once the vote's key was destroyed. */
  keyForBallot(voteKey: string): Promise<Buffer | undefined> {
    return this.keys.keyFor(voteKey);
  }

  /** The key the vote's ballots were sealed with, to count them; undefined if none was made or it was destroyed. */
  keyForCount(voteKey: string): Promise<Buffer | undefined> {
    return this.keys.existing(voteKey);
  }

  seal(key: Buffer, voteKey: string, memberId: string, choice: Choice): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${voteKey}|${memberId}`));
    const sealed = Buffer.concat([cipher.update(choice, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  /** The choices of every sealed ballot, by member; throws if the key is gone or a ballot was tampered with. */
  unseal(key: Buffer | undefined, voteKey: string, ballots: { memberId: string; sealedChoice: string }[]): Record<string, Choice> {
    if (ballots.length === 0) return {}; // no ballot was sealed, so no key was ever made
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

  destroy(voteKey: string): Promise<void> {
    return this.keys.destroy(voteKey);
  }

  close(): Promise<void> {
    return this.keys.close();
  }
}
