import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthSettings } from '../config/app-config';
import { AuthGuard } from './auth.guard';
import { readOrCreateSecret } from './dev-secret';
import { TokenVerifier } from '@klaster/identity';
import { SESSION_SECRET, SessionService } from '../identity/sessions.service';

@Global()
@Module({})
export class AuthModule {
  static forConfig(settings: AuthSettings): DynamicModule {
    // Sign-in sessions' tokens (identity/) are accepted while their session lives.
    const verifier = (secret: string, sessions: SessionService) =>
      new TokenVerifier(
        settings.kind === 'generated-secret'
          ? { kind: 'secret', secret: readOrCreateSecret(settings.secretFile), issuer: settings.issuer }
          : settings,
        { secret, isLive: (sessionId, personId) => sessions.isLive(sessionId, personId) },
      );
    return {
      module: AuthModule,
      providers: [{ provide: TokenVerifier, useFactory: verifier, inject: [SESSION_SECRET, SessionService] }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TokenVerifier],
    };
  }
}
