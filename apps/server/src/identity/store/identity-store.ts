/**
 * What sign-in keeps outside the log: passkeys, sessions, the short-lived state of a sign-in
 * ceremony, and which OIDC subject is which person. None of it is a governance act, and all of it is
 * shared by every server instance on one log (SharedState): SqliteIdentityStore beside the embedded
 * log (`identity.sqlite`), PostgresIdentityStore with DATABASE_URL. Both pass one contract suite
 * (test/shared-state/identity-store.contract.ts): what one instance writes, the next request reads on
 * any other; single-use things (a ceremony, a refresh token's rotation, an OIDC link) are used once
 * between all of them.
 */
export abstract class IdentityStore {
  // Passkeys (WebAuthn credentials), several per person.
  /** Stores a new passkey; false when that credential id is already registered (to anyone). */
  abstract addCredential(credential: StoredCredential): Promise<boolean>;
  abstract credential(credentialId: string): Promise<StoredCredential | undefined>;
  abstract credentialsOf(personId: string): Promise<StoredCredential[]>;
  /** After a sign-in: the authenticator's new signature counter and when it was used. */
  abstract credentialUsed(credentialId: string, counter: number, at: Date): Promise<void>;
  /** Removes one of the person's passkeys; false when it is not theirs (or does not exist). */
  abstract removeCredential(personId: string, credentialId: string): Promise<boolean>;

  // Sessions: an opaque refresh token (stored as its sha256) that is rotated on every use.
  abstract createSession(session: NewSession): Promise<void>;
  /** The session whose current (or just rotated-out) refresh token hashes to this. */
  abstract sessionByRefreshHash(refreshHash: string): Promise<StoredSession | undefined>;
  abstract session(sessionId: string): Promise<StoredSession | undefined>;
  /**
   * Replaces the session's refresh token, keeping the previous one's hash to recognise a replay.
   * Compare-and-set: of two rotations from the same token (on any instances), exactly one succeeds.
   */
  abstract rotateSession(sessionId: string, expectedRefreshHash: string, nextRefreshHash: string, expiresAt: Date, at: Date): Promise<boolean>;
  abstract revokeSession(sessionId: string, at: Date): Promise<void>;
  /** Ends every session of the person; returns the ids of those that were still live. */
  abstract revokeSessionsOf(personId: string, at: Date): Promise<string[]>;
  /** The sessions ended at or after `since`, on any instance (each instance closes its own sockets of them). */
  abstract sessionsRevokedSince(since: Date): Promise<RevokedSession[]>;

  // Ceremonies: a WebAuthn challenge or an OIDC login in progress, single use, short-lived.
  abstract putCeremony(ceremony: Ceremony): Promise<void>;
  /** Returns the ceremony and forgets it (a second take, on any instance, finds nothing), unless it expired. */
  abstract takeCeremony(ceremonyId: string, purpose: Ceremony['purpose'], now: Date): Promise<Ceremony | undefined>;

  // OIDC: a provider's subject is linked to one person, once.
  abstract personOfSubject(issuer: string, subject: string): Promise<string | undefined>;
  /** Links a subject to a person; returns the person it is linked to (an earlier link wins). */
  abstract linkSubject(issuer: string, subject: string, personId: string, at: Date): Promise<string>;

  abstract close(): Promise<void>;
}

export interface StoredCredential {
  credentialId: string;
  personId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  /** What the person calls the device (or the browser that registered it). */
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface NewSession {
  sessionId: string;
  personId: string;
  refreshHash: string;
  /** How the person signed in: passkey, oidc. */
  method: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface StoredSession {
  sessionId: string;
  personId: string;
  refreshHash: string;
  previousRefreshHash: string | null;
  method: string;
  createdAt: string;
  expiresAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
}

export interface RevokedSession {
  sessionId: string;
  personId: string;
  revokedAt: string;
}

export interface Ceremony {
  ceremonyId: string;
  purpose: 'passkey-registration' | 'passkey-sign-in' | 'oidc-login';
  /** Whatever the ceremony must remember (a challenge, a PKCE verifier, an invitation token…), as JSON. */
  payload: Record<string, unknown>;
  expiresAt: Date;
}

export const IDENTITY_STORE = Symbol('IDENTITY_STORE');
