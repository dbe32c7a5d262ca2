import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { httpError } from '../http/error-codes';
import { IDENTITY_STORE, type IdentityStore, type StoredCredential } from './store/identity-store';

/** How long a person has to answer their authenticator. */
const CEREMONY_MS = 5 * 60_000;
const RP_NAME = 'Klaster';

/** What a registration ceremony remembers between the options and the answer. */
interface RegistrationCeremony {
  challenge: string;
  personId: string;
  origin: string;
  /** Whatever the caller needs afterwards (the invitation's token, the person's name…). */
  context: Record<string, unknown>;
}

/**
 * Passkeys through @simplewebauthn/server: options for the browser (a challenge remembered once, for
 * five minutes, in the identity store shared by every instance), and the verification of what the
 * authenticator answered. The relying party is the host name of the origin people use.
 */
@Injectable()
export class PasskeysService {
  constructor(@Inject(IDENTITY_STORE) private readonly store: IdentityStore) {}

  async registrationOptions(args: { personId: string; userName: string; origin: string; context?: Record<string, unknown> }): Promise<{ ceremonyId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: rpIdOf(args.origin),
      userName: args.userName,
      userID: new TextEncoder().encode(args.personId),
      attestationType: 'none',
      // A discoverable credential (a passkey): sign-in needs no user name, only the device.
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      excludeCredentials: (await this.store.credentialsOf(args.personId)).map((c) => ({ id: c.credentialId, transports: c.transports })),
    });
    const ceremonyId = randomUUID();
    const ceremony: RegistrationCeremony = { challenge: options.challenge, personId: args.personId, origin: args.origin, context: args.context ?? {} };
    await this.store.putCeremony({ ceremonyId, purpose: 'passkey-registration', payload: { ...ceremony }, expiresAt: new Date(Date.now() + CEREMONY_MS) });
    return { ceremonyId, options };
  }

  /** Verifies a new passkey; the caller stores it (once whatever it stands for has been done). */
  async verifyRegistration(ceremonyId: string, response: RegistrationResponseJSON, label: string, now = new Date()): Promise<{ credential: StoredCredential; context: Record<string, unknown> }> {
    const ceremony = (await this.store.takeCeremony(ceremonyId, 'passkey-registration', now))?.payload as RegistrationCeremony | undefined;
    if (!ceremony) throw httpError(422, 'ceremony_expired', 'This passkey request has expired or was already used; start again');
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: ceremony.origin,
      expectedRPID: rpIdOf(ceremony.origin),
      requireUserVerification: false,
    }).catch((error: Error) => {
      throw httpError(400, 'passkey_refused', `The passkey could not be verified: ${error.message}`);
    });
    if (!result.verified) throw httpError(400, 'passkey_refused', 'The passkey could not be verified');
    const { credential } = result.registrationInfo;
    if (await this.store.credential(credential.id)) throw httpError(409, 'passkey_exists', 'This passkey is already registered');
    return {
      context: ceremony.context,
      credential: {
        credentialId: credential.id,
        personId: ceremony.personId,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: credential.transports ?? [],
        label,
        createdAt: now.toISOString(),
        lastUsedAt: null,
      },
    };
  }

  async signInOptions(origin: string): Promise<{ ceremonyId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
    const options = await generateAuthenticationOptions({ rpID: rpIdOf(origin), userVerification: 'preferred' });
    const ceremonyId = randomUUID();
    await this.store.putCeremony({ ceremonyId, purpose: 'passkey-sign-in', payload: { challenge: options.challenge, origin }, expiresAt: new Date(Date.now() + CEREMONY_MS) });
    return { ceremonyId, options };
  }

  /** The person whose passkey answered the challenge; 401 for an unknown passkey or a bad signature. */
  async verifySignIn(ceremonyId: string, response: AuthenticationResponseJSON, now = new Date()): Promise<string> {
    const ceremony = (await this.store.takeCeremony(ceremonyId, 'passkey-sign-in', now))?.payload as { challenge: string; origin: string } | undefined;
    if (!ceremony) throw httpError(422, 'ceremony_expired', 'This sign-in request has expired or was already used; start again');
    const stored = await this.store.credential(response.id);
    if (!stored) throw httpError(401, 'passkey_refused', 'This passkey is not registered here (it may have been removed)');
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: ceremony.origin,
      expectedRPID: rpIdOf(ceremony.origin),
      credential: { id: stored.credentialId, publicKey: stored.publicKey as never, counter: stored.counter, transports: stored.transports },
      requireUserVerification: false,
    }).catch((error: Error) => {
      throw httpError(401, 'passkey_refused', `The passkey could not be verified: ${error.message}`);
    });
    if (!result.verified) throw httpError(401, 'passkey_refused', 'The passkey could not be verified');
    await this.store.credentialUsed(stored.credentialId, result.authenticationInfo.newCounter, now);
    return stored.personId;
  }
}

export const rpIdOf = (origin: string) => new URL(origin).hostname;
