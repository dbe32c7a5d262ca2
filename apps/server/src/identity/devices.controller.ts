import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { forbidden, notFound } from '@klaster/domain';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { httpError } from '../http/error-codes';
import { SignInLimited } from '../abuse/sign-in-limited';
import { IDENTITY_SETTINGS } from './sessions.service';
import type { IdentitySettings } from './identity-config';
import { PasskeysService } from './passkeys.service';
import { publicOrigin } from './request-origin';
import { IDENTITY_STORE, type IdentityStore, type StoredCredential } from './store/identity-store';
import { registrationBody } from './identity.schemas';

const device = (c: StoredCredential) => ({ credentialId: c.credentialId, label: c.label, createdAt: c.createdAt, lastUsedAt: c.lastUsedAt });
export const credentialIdSchema = z.string().min(1).max(1_500).regex(/^[A-Za-z0-9_-]+$/, 'a passkey id (base64url)');
const credentialId = new ZodBody(credentialIdSchema);

/** A person's passkeys: several devices, one added while signed in, one removed. */
@Controller('api/auth/devices')
export class DevicesController {
  constructor(
    private readonly passkeys: PasskeysService,
    @Inject(IDENTITY_STORE) private readonly store: IdentityStore,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  @Get()
  async list(@PersonId() personId: string) {
    return (await this.store.credentialsOf(personId)).map(device);
  }

  @Post('options')
  @SignInLimited()
  @HttpCode(200)
  options(@PersonId() personId: string, @Req() req: Request) {
    return this.passkeys.registrationOptions({ personId, userName: personId, origin: publicOrigin(req, this.settings.publicUrl) });
  }

  @Post()
  @SignInLimited()
  async add(@PersonId() personId: string, @Body(new ZodBody(registrationBody)) body: z.infer<typeof registrationBody>) {
    const { credential } = await this.passkeys.verifyRegistration(body.ceremonyId, body.response as never, body.label ?? 'Passkey');
    if (credential.personId !== personId) throw forbidden('This passkey request was started by someone else');
    if (!(await this.store.addCredential(credential))) throw httpError(409, 'passkey_exists', 'This passkey is already registered');
    return device(credential);
  }

  /** Removes one of your passkeys; your last one stays (you would be locked out: add another first). */
  @Delete(':credentialId')
  @HttpCode(204)
  async remove(@PersonId() personId: string, @Param('credentialId', credentialId) id: string): Promise<void> {
    const mine = await this.store.credentialsOf(personId);
    if (!mine.some((c) => c.credentialId === id)) throw notFound('You have no such passkey');
    if (mine.length === 1) throw httpError(422, 'last_device', 'This is your only passkey: add another device before removing it');
    await this.store.removeCredential(personId, id);
  }
}
