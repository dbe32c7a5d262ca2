/**
 * The keys of secret votes (one random AES-256 key per vote), kept outside the log and shared by every
 * server instance: a ballot sealed on one instance is opened on another when the vote closes. A key is
 * destroyed for good at the close, and a destroyed vote's key is never made again (a ballot racing the
 * close on another instance cannot bring it back).
 */
export abstract class SecretBallotKeys {
  /** The vote's key, made on first use; undefined when it was destroyed (the vote is closed). */
  abstract keyFor(voteKey: string): Promise<Buffer | undefined>;
  /** The vote's key if one was made and not destroyed; never makes one. */
  abstract existing(voteKey: string): Promise<Buffer | undefined>;
  /**
   * Destroys the key: the row is overwritten and the store's files are cleaned of it where the store
   * allows (see each implementation). Idempotent.
   */
  abstract destroy(voteKey: string): Promise<void>;
  abstract close(): Promise<void>;
}

/** 32 random bytes: AES-256. */
export const KEY_BYTES = 32;
