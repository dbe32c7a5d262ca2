import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { httpError } from '../http/error-codes';
import { IDENTITY_SETTINGS } from './sessions.service';
import type { IdentitySettings, OidcSettings } from './identity-config';
import { IDENTITY_STORE, type IdentityStore } from './store/identity-store';

/** How long a person has at their organisation's sign-in page. */
const LOGIN_MS = 10 * 60_000;

interface OidcLogin {
  verifier: string;
  nonce: string;
  origin: string;
  invitationToken?: string;
}

/**
 * The organisation's OpenID Connect provider (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET):
 * authorization code with PKCE and a nonce, through openid-client 6. Version 6 is an ES module;
 * Node ≥ 20.19 loads it with require() (this server is CommonJS), and jest transpiles it (jest.config.js).
 * The login in progress (PKCE verifier, nonce, the invitation being accepted) is kept in the identity
 * store under its `state`, once, for ten minutes, so any instance can finish it.
 */
@Injectable()
export class OidcService {
  private configuration?: Promise<client.Configuration>;

  constructor(
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    @Inject(IDENTITY_STORE) private readonly store: IdentityStore,
  ) {}

  get enabled(): boolean {
    return this.settings.oidc !== undefined;
  }

  /** Where to send the browser: the provider's authorization endpoint, with PKCE, state and nonce. */
  async start(origin: string, invitationToken?: string): Promise<string> {
    const config = await this.config();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const login: OidcLogin = { verifier, nonce, origin, ...(invitationToken ? { invitationToken } : {}) };
    await this.store.putCeremony({ ceremonyId: state, purpose: 'oidc-login', payload: { ...login }, expiresAt: new Date(Date.now() + LOGIN_MS) });
    return client
      .buildAuthorizationUrl(config, {
        redirect_uri: callbackUrl(origin),
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      .toString();
  }

  /** The provider sent the browser back: exchange the code; the provider's issuer and the person's subject. */
  async finish(query: Record<string, unknown>, currentPath: string): Promise<{ issuer: string; subject: string; invitationToken?: string }> {
    const state = typeof query.state === 'string' ? query.state : '';
    const login = (await this.store.takeCeremony(state, 'oidc-login', new Date()))?.payload as OidcLogin | undefined;
    if (!login) throw httpError(401, 'oidc_failed', 'This sign-in has expired or was already used; start again');
    const config = await this.config();
    try {
      const tokens = await client.authorizationCodeGrant(config, new URL(currentPath, login.origin), { pkceCodeVerifier: login.verifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true });
      const subject = tokens.claims()?.sub;
      if (!subject) throw new Error('the ID token names no subject');
      return { issuer: config.serverMetadata().issuer, subject, ...(login.invitationToken ? { invitationToken: login.invitationToken } : {}) };
    } catch (error) {
      throw httpError(401, 'oidc_failed', `The provider’s answer was refused: ${(error as Error).message}`);
    }
  }

  private config(): Promise<client.Configuration> {
    const oidc = this.settings.oidc;
    if (!oidc) return Promise.reject(httpError(404, 'oidc_not_configured', 'This server signs in with no organisation provider'));
    this.configuration ??= discover(oidc).catch((error: Error) => {
      this.configuration = undefined; // try again next time
      throw httpError(503, 'unavailable', `The organisation’s provider cannot be reached: ${error.message}`);
    });
    return this.configuration;
  }
}

export const callbackUrl = (origin: string) => `${origin}/api/auth/oidc/callback`;

function discover(oidc: OidcSettings): Promise<client.Configuration> {
  // Plain http only where the operator configured it so (a provider on the same host, tests); use https.
  const insecure = new URL(oidc.issuer).protocol === 'http:';
  return client.discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
}
