import { randomBytes } from 'node:crypto';
import { KEY_BYTES, SecretBallotKeys } from '../meetings/ballot-box/secret-ballot-keys';

/**
 * A dry run's secret-ballot keys: made and destroyed in memory, read from the real keys where a vote's
 * ballots were sealed for real (so the dry run can count them), never changing the real keys.
 */
export class ScratchBallotKeys extends SecretBallotKeys {
  private readonly own = new Map<string, Buffer>();
  private readonly destroyed = new Set<string>();

  constructor(private readonly real: SecretBallotKeys) {
    super();
  }

  async keyFor(voteKey: string): Promise<Buffer | undefined> {
    const existing = await this.existing(voteKey);
    if (existing || this.destroyed.has(voteKey)) return existing;
    const key = randomBytes(KEY_BYTES);
    this.own.set(voteKey, key);
    return key;
  }

  async existing(voteKey: string): Promise<Buffer | undefined> {
    if (this.destroyed.has(voteKey)) return undefined;
    return this.own.get(voteKey) ?? (await this.real.existing(voteKey));
  }

  async destroy(voteKey: string): Promise<void> {
    this.own.delete(voteKey);
    this.destroyed.add(voteKey);
  }

  async close(): Promise<void> {
    this.own.clear();
  }
}
