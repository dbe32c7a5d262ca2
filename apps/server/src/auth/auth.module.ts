import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthSettings } from '../config/app-config';
import { AuthGuard } from './auth.guard';
import { readOrCreateSecret } from './dev-secret';
import { TokenVerifier } from '@klaster/identity';

@Global()
@Module({})
export class AuthModule {
  static forConfig(settings: AuthSettings): DynamicModule {
    const verifier = () =>
      new TokenVerifier(
        settings.kind === 'generated-secret'
          ? { kind: 'secret', secret: readOrCreateSecret(settings.secretFile), issuer: settings.issuer }
          : settings,
      );
    return {
      module: AuthModule,
      providers: [{ provide: TokenVerifier, useFactory: verifier }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TokenVerifier],
    };
  }
}
