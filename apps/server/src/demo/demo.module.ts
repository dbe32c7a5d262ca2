import { Module, type DynamicModule } from '@nestjs/common';
import type { AuthSettings } from '../config/app-config';
import { tokenSecret } from '../auth/open-generated-secret';
import { SHARED_STATE, type SharedState } from '../shared-state/shared-state';
import { DEMO_TOKEN_SECRET, DemoTokenController } from './demo-token.controller';

/** Demo mode: the token endpoint exists only here, and only with a secret the server holds (not JWKS). */
@Module({})
export class DemoModule {
  static forConfig(auth: AuthSettings): DynamicModule {
    if (auth.kind === 'jwks') throw new Error('DEMO=true needs JWT_SECRET or the generated secret, not JWKS_URL');
    return {
      module: DemoModule,
      controllers: [DemoTokenController],
      providers: [{ provide: DEMO_TOKEN_SECRET, inject: [SHARED_STATE], useFactory: (state: SharedState) => tokenSecret(auth, state) }],
    };
  }
}
