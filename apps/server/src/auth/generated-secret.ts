import { randomBytes } from 'node:crypto';

/**
 * The HS256 secret the server makes when neither JWT_SECRET nor JWKS_URL is set, so a fresh install is
 * secure by default and `npm run cli -- token` can mint for it. Made once, by whichever instance asks
 * first, and kept in the shared state, so every instance on one log accepts the others' tokens.
 */
export abstract class GeneratedSecret {
  /** The secret, made now if there is none yet (two instances asking at once get the same one). */
  abstract readOrCreate(): Promise<string>;
  /** The secret if one was made; never makes one (the CLI). */
  abstract read(): Promise<string | undefined>;
  abstract close(): Promise<void>;
}

export const newSecret = (): string => randomBytes(32).toString('base64url');
