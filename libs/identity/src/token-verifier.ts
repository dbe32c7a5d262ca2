import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';

export type AuthConfig = { kind: 'secret'; secret: string; issuer?: string } | { kind: 'jwks'; url: string; issuer?: string; audience?: string };

/** Verifies bearer JWTs: HS256 with a shared secret, or any key an identity provider's JWKS offers. */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(private readonly config: AuthConfig) {
    this.key = config.kind === 'secret' ? new TextEncoder().encode(config.secret) : createRemoteJWKSet(new URL(config.url));
  }

  /** Returns the person id (`sub`) or throws when the token is missing, malformed, expired or forged. */
  async personId(token: string): Promise<string> {
    const options = {
      issuer: this.config.issuer,
      ...(this.config.kind === 'jwks' ? { audience: this.config.audience } : { algorithms: ['HS256'] }),
    };
    const { payload } = typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
    if (!payload.sub) throw new Error('the token has no sub (person id)');
    return payload.sub;
  }
}
