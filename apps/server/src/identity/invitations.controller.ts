import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { idSchema, type ClusterCommand } from '@klaster/domain';
import { CommandBus } from '@nestjs/cqrs';
import { PersonId, Public } from '../auth/auth.guard';
import { httpError } from '../http/error-codes';
import { ZodBody } from '../http/zod-body.pipe';
import { commandResponse } from '../http/command-response';
import { executeOptions, type CommandHeaders } from '../http/command-headers';
import { readQuerySchema, type ReadQuery } from '../projections/read-query';
import { SignInLimited } from '../abuse/sign-in-limited';
import { ExecuteClusterCommand } from '../clusters/commands/execute-cluster-command';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import { Inject } from '@nestjs/common';
import { IDENTITY_SETTINGS, SessionService } from './sessions.service';
import type { IdentitySettings } from './identity-config';
import { InvitationsService, requireOpen, type InvitationPreview } from './invitations.service';
import { PasskeysService } from './passkeys.service';
import { IDENTITY_STORE, type IdentityStore } from './store/identity-store';
import { newPersonId } from './secret-token';
import { publicOrigin } from './request-origin';
import { setRefreshCookie } from './session-cookie';
import { issueInvitationBody, passkeyOptionsForInvitationBody, registrationBody, tokenBody } from './identity.schemas';

const id = new ZodBody(idSchema);

/**
 * Invitations: the coordinator issues, lists and revokes them on the cluster; the holder of a link
 * previews it, and accepts it signed in (an existing person) or by registering a passkey (a new one).
 * The token travels in request bodies only, never in a URL a server would log.
 */
@Controller()
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly passkeys: PasskeysService,
    private readonly sessions: SessionService,
    private readonly commands: CommandBus,
    @Inject(IDENTITY_STORE) private readonly store: IdentityStore,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  @Post('api/clusters/:clusterId/invitations')
  @SignInLimited()
  async issue(@Param('clusterId', id) clusterId: string, @PersonId() actor: string, @Body(new ZodBody(issueInvitationBody)) body: z.infer<typeof issueInvitationBody>, @Headers() h: CommandHeaders, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { outcome, invitation } = await this.invitations.issue(clusterId, actor, body, publicOrigin(req, this.settings.publicUrl), h);
    // The token is shown this once; nothing on the server can show it again.
    res.setHeader('Cache-Control', 'no-store');
    return { ...commandResponse(res, outcome), invitation };
  }

  @Get('api/clusters/:clusterId/invitations')
  open(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery) {
    return this.invitations.open(clusterId, personId, q.position);
  }

  @Post('api/clusters/:clusterId/invitations/:invitationId/revocation')
  async revoke(@Param('clusterId', id) clusterId: string, @Param('invitationId', id) invitationId: string, @PersonId() actor: string, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    const command = { type: 'RevokeInvitation', clusterId, invitationId, actor, at: new Date().toISOString() } as ClusterCommand;
    const outcome = await this.commands.execute<ExecuteClusterCommand, CommandOutcome>(new ExecuteClusterCommand(command, executeOptions(actor, h)));
    return commandResponse(res, outcome);
  }

  @Public()
  @SignInLimited()
  @Post('api/invitations/preview')
  @HttpCode(200)
  preview(@Body(new ZodBody(tokenBody)) { token }: z.infer<typeof tokenBody>): Promise<InvitationPreview> {
    return this.invitations.preview(token);
  }

  /** A signed-in person accepts (another cluster's invitation, or a new role): no new passkey needed. */
  @SignInLimited()
  @Post('api/invitations/acceptance')
  async accept(@PersonId() personId: string, @Body(new ZodBody(tokenBody)) { token }: z.infer<typeof tokenBody>, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response) {
    return commandResponse(res, await this.invitations.accept(token, personId, h));
  }

  /** Step 1 of accepting as a new person: the options for their device to make a passkey. */
  @Public()
  @SignInLimited()
  @Post('api/invitations/passkey/options')
  @HttpCode(200)
  async passkeyOptions(@Body(new ZodBody(passkeyOptionsForInvitationBody)) body: z.infer<typeof passkeyOptionsForInvitationBody>, @Req() req: Request) {
    requireOpen(await this.invitations.preview(body.token));
    const personId = newPersonId();
    return this.passkeys.registrationOptions({ personId, userName: body.displayName, origin: publicOrigin(req, this.settings.publicUrl), context: { token: body.token } });
  }

  /**
   * Step 2: the device's new passkey. It is verified and stored, the invitation accepted as the new
   * person (the act in the log), and a session begins. If the invitation is refused meanwhile (used
   * by someone else a moment before), the passkey is removed again and nothing is written.
   */
  @Public()
  @SignInLimited()
  @Post('api/invitations/passkey')
  async acceptWithPasskey(@Body(new ZodBody(registrationBody)) body: z.infer<typeof registrationBody>, @Headers() h: CommandHeaders, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { credential, context } = await this.passkeys.verifyRegistration(body.ceremonyId, body.response as never, body.label ?? 'Passkey');
    if (!(await this.store.addCredential(credential))) throw httpError(409, 'passkey_exists', 'This passkey is already registered');
    let outcome: CommandOutcome;
    try {
      outcome = await this.invitations.accept(String(context.token), credential.personId, h);
    } catch (error) {
      await this.store.removeCredential(credential.personId, credential.credentialId);
      throw error;
    }
    const signedIn = await this.sessions.start(credential.personId, 'passkey');
    setRefreshCookie(res, signedIn.refresh!.token, signedIn.refresh!.expiresAt, publicOrigin(req, this.settings.publicUrl));
    res.setHeader('Cache-Control', 'no-store');
    const { refresh: _kept, ...session } = signedIn;
    return { ...commandResponse(res, outcome), session };
  }
}
