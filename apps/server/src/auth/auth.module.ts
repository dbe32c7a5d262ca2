import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthSettings } from '../config/app-config';
import { SHARED_STATE, type SharedState } from '../shared-state/shared-state';
import { AuthGuard } from './auth.guard';
import { tokenSecret } from './open-generated-secret';
import { TokenVerifier } from '@klaster/identity';
import { SESSION_SECRET, SessionService } from '../identity/sessions.service';

@Global()
@Module({})
export class AuthModule {
  static forConfig(settings: AuthSettings): DynamicModule {
    // Sign-in sessions' tokens (identity/) are accepted while their session lives.
    const verifier = async (state: SharedState, secret: string, sessions: SessionService) =>
      new TokenVerifier(
        settings.kind === 'jwks' ? settings : { kind: 'secret', secret: await tokenSecret(settings, state), issuer: settings.issuer },
        { secret, isLive: (sessionId, personId) => sessions.isLive(sessionId, personId) },
      );
    return {
      module: AuthModule,
      providers: [
        { provide: TokenVerifier, useFactory: verifier, inject: [SHARED_STATE, SESSION_SECRET, SessionService] },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
