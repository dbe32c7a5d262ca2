import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthSettings } from '../config/app-config';
import { SHARED_STATE, type SharedState } from '../shared-state/shared-state';
import { AuthGuard } from './auth.guard';
import { tokenSecret } from './open-generated-secret';
import { TokenVerifier } from '@klaster/identity';

@Global()
@Module({})
export class AuthModule {
  static forConfig(settings: AuthSettings): DynamicModule {
    const verifier = async (state: SharedState) =>
      new TokenVerifier(settings.kind === 'jwks' ? settings : { kind: 'secret', secret: await tokenSecret(settings, state), issuer: settings.issuer });
    return {
      module: AuthModule,
      providers: [{ provide: TokenVerifier, inject: [SHARED_STATE], useFactory: verifier }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TokenVerifier],
    };
  }
}
