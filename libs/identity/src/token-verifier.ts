import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { personIdSchema } from '@klaster/domain';

export type AuthConfig = { kind: 'secret'; secret: string; issuer?: string } | { kind: 'jwks'; url: string; issuer?: string; audience?: string };

/** How far ahead of this server's clock a token's `iat` may be (the issuer's clock may run fast). */
export const CLOCK_SKEW_SECONDS = 60;

/** A token this server accepts: whose it is and until when. */
export interface VerifiedToken {
  personId: string;
  expiresAt: Date;
  /** The sign-in session the token was issued for (`sid`), when it came from one. */
  sessionId?: string;
}

/**
 * The server's own sign-in sessions: their access tokens are HS256 with this secret and carry `sid`,
 * and are accepted only while that session lives (sign-out ends them at once, not at expiry).
 * With JWKS_URL the provider's tokens are verified with its keys and the sessions' with this secret.
 */
export interface SessionTokens {
  secret: string;
  isLive(sessionId: string, personId: string): boolean | Promise<boolean>;
}

/** Why a token was refused, in words safe to show its bearer. */
export class TokenRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRefused';
  }
}

/**
 * Verifies bearer JWTs: HS256 with a shared secret, or any key an identity provider's JWKS offers.
 * A token must expire (`exp`), must not have been issued in the future (`iat`, beyond the clock skew),
 * and its `sub` must be a person id as the domain writes them.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly sessionKey?: Uint8Array;

  constructor(
    private readonly config: AuthConfig,
    private readonly sessions?: SessionTokens,
  ) {
    this.key = config.kind === 'secret' ? new TextEncoder().encode(config.secret) : createRemoteJWKSet(new URL(config.url));
    if (sessions) this.sessionKey = new TextEncoder().encode(sessions.secret);
  }

  /** Returns the person id (`sub`) or throws when the token is missing, malformed, expired or forged. */
  async personId(token: string): Promise<string> {
    return (await this.verify(token)).personId;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const payload = await this.verifiedPayload(token);
    // jose checks iat only against a maximum age; a token "issued" later than now is refused here.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
      throw new TokenRefused('the token was issued in the future (iat)');
    }
    const sub = personIdSchema.safeParse(payload.sub);
    if (!sub.success) throw new TokenRefused(`the token’s sub is not a person id: ${sub.error.issues[0]?.message ?? 'invalid'}`);
    const sessionId = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (sessionId !== undefined && !(await this.sessions?.isLive(sessionId, sub.data))) throw new TokenRefused('the session has ended; sign in again');
    return { personId: sub.data, expiresAt: new Date(payload.exp! * 1000), ...(sessionId !== undefined ? { sessionId } : {}) };
  }

  private async verifiedPayload(token: string): Promise<JWTPayload> {
    if (this.config.kind === 'jwks' && this.sessionKey && isHs256(token)) {
      // One of this server's own session tokens beside the provider's: it must name its session.
      const { payload } = await jwtVerify(token, this.sessionKey, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub', 'sid'] });
      return payload;
    }
    const options: JWTVerifyOptions = {
      issuer: this.config.issuer,
      requiredClaims: ['exp', 'sub'],
      ...(this.config.kind === 'jwks' ? { audience: this.config.audience } : { algorithms: ['HS256'] }),
    };
    const { payload } = typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
    return payload;
  }
}

function isHs256(token: string): boolean {
  try {
    return decodeProtectedHeader(token).alg === 'HS256';
  } catch {
    return false;
  }
}
