import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { toErrorBody } from '../http/error.filter';
import { SignInLimited } from '../abuse/sign-in-limited';
import { IDENTITY_SETTINGS, SessionService } from './sessions.service';
import type { IdentitySettings } from './identity-config';
import { OidcService } from './oidc.service';
import { InvitationsService, requireOpen } from './invitations.service';
import { IDENTITY_STORE, type IdentityStore } from './store/identity-store';
import { newPersonId } from './secret-token';
import { publicOrigin } from './request-origin';
import { setRefreshCookie } from './session-cookie';
import { ReadModels } from '../projections/read-models.service';

export const oidcStartBody = z.object({ invitationToken: z.string().min(1).max(200).optional() });

/**
 * Signing in with the organisation's OIDC provider. A subject is linked to a Klaster person once,
 * by accepting an invitation through the provider; from then on it signs that person in.
 */
@Controller('api/auth/oidc')
export class OidcController {
  private readonly logger = new Logger('OIDC');

  constructor(
    private readonly oidc: OidcService,
    private readonly sessions: SessionService,
    private readonly invitations: InvitationsService,
    @Inject(IDENTITY_STORE) private readonly store: IdentityStore,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    private readonly models: ReadModels,
  ) {}

  /** The provider's authorization URL for the browser to go to (with an invitation to accept on the way back). */
  @Public()
  @SignInLimited()
  @Post('start')
  @HttpCode(200)
  async start(@Body(new ZodBody(oidcStartBody)) body: z.infer<typeof oidcStartBody>, @Req() req: Request) {
    if (body.invitationToken) {
      requireOpen(await this.invitations.preview(body.invitationToken));
    }
    return { url: await this.oidc.start(publicOrigin(req, this.settings.publicUrl), body.invitationToken) };
  }

  /**
   * Back from the provider: the person is the one linked to the subject; with an invitation, the
   * invitation is accepted (by the linked person, or a new one) and the subject linked to them. The
   * browser then returns to the page with the session cookie, or with `?signInError=<code>`.
   */
  @Public()
  @SignInLimited()
  @Get('callback')
  async callback(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const origin = publicOrigin(req, this.settings.publicUrl);
    try {
      const { issuer, subject, invitationToken } = await this.oidc.finish(query, req.originalUrl);
      let personId = await this.store.personOfSubject(issuer, subject);
      if (invitationToken) {
        personId ??= newPersonId();
        const accepted = await this.invitations.accept(invitationToken, personId);
        personId = await this.store.linkSubject(issuer, subject, personId, new Date());
        // The page this redirect opens reads at once (it has no position to wait for): let the read models catch up first.
        await this.models.reached(accepted.position);
      }
      if (!personId) return back(res, 'oidc_not_linked');
      if (!(await this.sessions.mayUseKlaster(personId))) return back(res, 'no_access');
      const signedIn = await this.sessions.start(personId, 'oidc');
      setRefreshCookie(res, signedIn.refresh!.token, signedIn.refresh!.expiresAt, origin);
      res.redirect(303, '/');
    } catch (error) {
      const body = toErrorBody(error);
      if (body.statusCode >= 500) this.logger.error(`the provider's sign-in failed: ${body.message}`);
      back(res, String(body.code));
    }
  }
}

function back(res: Response, code: string): void {
  res.redirect(303, `/?signInError=${encodeURIComponent(code)}`);
}
