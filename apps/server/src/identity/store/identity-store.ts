/**
 * What sign-in keeps outside the log: passkeys, sessions, the short-lived state of a sign-in
 * ceremony, and which OIDC subject is which person. None of it is a governance act, and all of it
 * must be shared by every server instance: this port is what a PostgreSQL adapter implements
 * (issue 15); SqliteIdentityStore is the embedded one.
 */
export interface IdentityStore {
  // Passkeys (WebAuthn credentials), several per person.
  addCredential(credential: StoredCredential): void;
  credential(credentialId: string): StoredCredential | undefined;
  credentialsOf(personId: string): StoredCredential[];
  /** After a sign-in: the authenticator's new signature counter and when it was used. */
  credentialUsed(credentialId: string, counter: number, at: Date): void;
  /** Removes one of the person's passkeys; false when it is not theirs (or does not exist). */
  removeCredential(personId: string, credentialId: string): boolean;

  // Sessions: an opaque refresh token (stored as its sha256) that is rotated on every use.
  createSession(session: NewSession): void;
  /** The session whose current (or just rotated-out) refresh token hashes to this. */
  sessionByRefreshHash(refreshHash: string): StoredSession | undefined;
  session(sessionId: string): StoredSession | undefined;
  /** Replaces the session's refresh token, keeping the previous one's hash to recognise a replay. */
  rotateSession(sessionId: string, expectedRefreshHash: string, nextRefreshHash: string, expiresAt: Date, at: Date): boolean;
  revokeSession(sessionId: string, at: Date): void;
  /** Ends every session of the person; returns their ids. */
  revokeSessionsOf(personId: string, at: Date): string[];

  // Ceremonies: a WebAuthn challenge or an OIDC login in progress, single use, short-lived.
  putCeremony(ceremony: Ceremony): void;
  /** Returns the ceremony and forgets it (a second take finds nothing), unless it expired. */
  takeCeremony(ceremonyId: string, purpose: Ceremony['purpose'], now: Date): Ceremony | undefined;

  // OIDC: a provider's subject is linked to one person, once.
  personOfSubject(issuer: string, subject: string): string | undefined;
  /** Links a subject to a person; returns the person it is linked to (an earlier link wins). */
  linkSubject(issuer: string, subject: string, personId: string, at: Date): string;

  close(): void;
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

export interface Ceremony {
  ceremonyId: string;
  purpose: 'passkey-registration' | 'passkey-sign-in' | 'oidc-login';
  /** Whatever the ceremony must remember (a challenge, a PKCE verifier, an invitation token…), as JSON. */
  payload: Record<string, unknown>;
  expiresAt: Date;
}

export const IDENTITY_STORE = Symbol('IDENTITY_STORE');
