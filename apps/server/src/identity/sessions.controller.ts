import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { PersonId, Public } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { httpError } from '../http/error-codes';
import { SignInLimited } from '../abuse/sign-in-limited';
import { IDENTITY_SETTINGS, SessionService, type SignedIn } from './sessions.service';
import type { IdentitySettings } from './identity-config';
import { PasskeysService } from './passkeys.service';
import { publicOrigin } from './request-origin';
import { clearRefreshCookie, refreshCookie, setRefreshCookie } from './session-cookie';
import { ceremonyBody } from './identity.schemas';

/**
 * Signing in and out. Every answer that starts or continues a session carries the short-lived
 * access token in its body and the refresh token in an httpOnly cookie (never readable by scripts).
 */
@Controller('api/auth')
export class SessionsController {
  constructor(
    private readonly sessions: SessionService,
    private readonly passkeys: PasskeysService,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  /** Which ways of signing in this server offers (the sign-in page shows them). */
  @Public()
  @Get('methods')
  methods() {
    return { passkeys: true, oidc: this.settings.oidc ? { name: this.settings.oidc.name } : null };
  }

  @Public()
  @SignInLimited()
  @Post('passkey/options')
  @HttpCode(200)
  passkeyOptions(@Req() req: Request) {
    return this.passkeys.signInOptions(publicOrigin(req, this.settings.publicUrl));
  }

  @Public()
  @SignInLimited()
  @Post('passkey')
  @HttpCode(200)
  async signInWithPasskey(@Body(new ZodBody(ceremonyBody)) body: z.infer<typeof ceremonyBody>, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const personId = await this.passkeys.verifySignIn(body.ceremonyId, body.response as never);
    if (!(await this.sessions.mayUseKlaster(personId))) throw httpError(401, 'no_access', 'You no longer act in any cluster; ask a coordinator for a new invitation');
    return this.answer(await this.sessions.start(personId, 'passkey'), req, res);
  }

  /** A fresh access token for the session cookie; the cookie's token is rotated. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      return this.answer(await this.sessions.refresh(refreshCookie(req)), req, res);
    } catch (error) {
      clearRefreshCookie(res, publicOrigin(req, this.settings.publicUrl));
      throw error;
    }
  }

  /** Ends this browser's session: its access tokens are refused and its sockets closed at once. */
  @Public()
  @Post('sign-out')
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.signOut(refreshCookie(req));
    clearRefreshCookie(res, publicOrigin(req, this.settings.publicUrl));
  }

  /** Ends every session of the person, on every device. */
  @Post('sign-out-everywhere')
  @HttpCode(200)
  async signOutEverywhere(@PersonId() personId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const ended = await this.sessions.signOutEverywhere(personId);
    clearRefreshCookie(res, publicOrigin(req, this.settings.publicUrl));
    return { sessionsEnded: ended };
  }

  private answer(signedIn: SignedIn, req: Request, res: Response) {
    if (signedIn.refresh) setRefreshCookie(res, signedIn.refresh.token, signedIn.refresh.expiresAt, publicOrigin(req, this.settings.publicUrl));
    res.setHeader('Cache-Control', 'no-store');
    const { refresh: _inTheCookie, ...session } = signedIn;
    return session;
  }
}
