import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mintToken } from '@klaster/identity';
import { httpError } from '../http/error-codes';
import { ClusterDirectory } from '../clusters/queries/cluster-directory';
import { IDENTITY_STORE, type IdentityStore, type StoredSession } from './store/identity-store';
import { hashToken, newSecretToken } from './secret-token';
import { SessionEvents } from './session-events';
import type { IdentitySettings } from './identity-config';

export const IDENTITY_SETTINGS = Symbol('IDENTITY_SETTINGS');
/** The HS256 secret the sessions' access tokens are signed with (JWT_SECRET, or the generated one). */
export const SESSION_SECRET = Symbol('SESSION_SECRET');
/** Issuer written into the sessions' access tokens (JWT_ISSUER in secret mode, so the verifier's check passes). */
export const SESSION_ISSUER = Symbol('SESSION_ISSUER');

/**
 * Two tabs refreshing at once both send the same cookie: the one that comes second within this grace
 * gets an access token without rotating again. After it, a rotated-out token coming back means it was
 * copied, and the session ends.
 */
const ROTATION_GRACE_MS = 30_000;

export interface SignedIn {
  personId: string;
  sessionId: string;
  accessToken: string;
  /** When the access token expires: refresh before. */
  expiresAt: string;
  /** A new refresh token for the cookie (absent when the cookie already holds the current one). */
  refresh?: { token: string; expiresAt: Date };
}

/**
 * Sign-in sessions. After a passkey or the OIDC provider has said who the person is, the browser
 * gets a short-lived access token (the same HS256 bearer JWTs as everywhere, `sub` = person id,
 * `sid` = the session) and an opaque refresh token (an httpOnly cookie, stored as its sha256,
 * rotated on every use). Ending a session refuses its access tokens at once (the verifier asks
 * `isLive`), not only at their expiry.
 */
@Injectable()
export class SessionService {
  constructor(
    @Inject(IDENTITY_STORE) private readonly store: IdentityStore,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    @Inject(SESSION_SECRET) private readonly secret: string,
    @Inject(SESSION_ISSUER) private readonly issuer: string | undefined,
    private readonly events: SessionEvents,
    private readonly directory: ClusterDirectory,
  ) {}

  async start(personId: string, method: 'passkey' | 'oidc', now = new Date()): Promise<SignedIn> {
    const sessionId = randomUUID();
    const refresh = newSecretToken();
    const expiresAt = this.sessionExpiry(now);
    await this.store.createSession({ sessionId, personId, refreshHash: hashToken(refresh), method, createdAt: now, expiresAt });
    return { ...(await this.access(personId, sessionId, now)), refresh: { token: refresh, expiresAt } };
  }

  /** A new access token for the refresh token in the cookie; the refresh token is rotated. 401 when the session is over. */
  async refresh(refreshToken: string | undefined, now = new Date()): Promise<SignedIn> {
    if (!refreshToken) throw signedOut('No session: sign in');
    const hash = hashToken(refreshToken);
    const session = await this.store.sessionByRefreshHash(hash);
    if (!session || !this.live(session, now)) throw signedOut('Your session has ended: sign in again');
    if (!(await this.mayUseKlaster(session.personId))) {
      await this.store.revokeSession(session.sessionId, now);
      this.events.ended({ personId: session.personId, sessionIds: [session.sessionId], everywhere: false });
      throw httpError(401, 'no_access', 'You no longer act in any cluster; ask a coordinator for a new invitation');
    }
    if (session.refreshHash !== hash) {
      const rotatedAgo = now.getTime() - Date.parse(session.rotatedAt ?? session.createdAt);
      if (rotatedAgo <= ROTATION_GRACE_MS) return this.access(session.personId, session.sessionId, now);
      // A refresh token used after it was replaced: someone holds a copy. End the session for everyone.
      await this.end(session, now);
      throw signedOut('This session was ended because an old sign-in token was used again: sign in again');
    }
    const next = newSecretToken();
    const expiresAt = this.sessionExpiry(now);
    if (!(await this.store.rotateSession(session.sessionId, hash, hashToken(next), expiresAt, now))) {
      // Another refresh with the same token won the race a moment ago: within the grace, as above.
      return this.access(session.personId, session.sessionId, now);
    }
    return { ...(await this.access(session.personId, session.sessionId, now)), refresh: { token: next, expiresAt } };
  }

  /** Sign-out: the session of this cookie ends (its access tokens and sockets with it). */
  async signOut(refreshToken: string | undefined, now = new Date()): Promise<void> {
    const session = refreshToken ? await this.store.sessionByRefreshHash(hashToken(refreshToken)) : undefined;
    if (session && !session.revokedAt) await this.end(session, now);
  }

  /** Sign-out everywhere: every session of the person ends, on every device. */
  async signOutEverywhere(personId: string, now = new Date()): Promise<number> {
    const sessionIds = await this.store.revokeSessionsOf(personId, now);
    this.events.ended({ personId, sessionIds, everywhere: true });
    return sessionIds.length;
  }

  /** Whether an access token's session still lives (asked by the token verifier on every request and socket). */
  async isLive(sessionId: string, personId: string, now = new Date()): Promise<boolean> {
    const session = await this.store.session(sessionId);
    return !!session && session.personId === personId && this.live(session, now);
  }

  /** A person signs in only while they act somewhere: a representative, an auditor or a registrar of a cluster. */
  async mayUseKlaster(personId: string): Promise<boolean> {
    return (await this.directory.readableByCaughtUp(personId)).length > 0;
  }

  private async end(session: StoredSession, now: Date): Promise<void> {
    await this.store.revokeSession(session.sessionId, now);
    this.events.ended({ personId: session.personId, sessionIds: [session.sessionId], everywhere: false });
  }

  private live(session: StoredSession, now: Date): boolean {
    return !session.revokedAt && Date.parse(session.expiresAt) > now.getTime();
  }

  private async access(personId: string, sessionId: string, now: Date): Promise<SignedIn> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const accessToken = await mintToken(this.secret, personId, { ttl: issuedAt + this.settings.accessTokenTtlSeconds, issuedAt, sessionId, issuer: this.issuer, tokenId: randomUUID() });
    return { personId, sessionId, accessToken, expiresAt: new Date((issuedAt + this.settings.accessTokenTtlSeconds) * 1000).toISOString() };
  }

  private sessionExpiry(now: Date): Date {
    return new Date(now.getTime() + this.settings.sessionTtlDays * 86_400_000);
  }
}

const signedOut = (message: string) => httpError(401, 'signed_out', message);
