import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { LIVE_RESUME_MEMORY, LiveGateway } from './live.gateway';

/**
 * Live updates over socket.io (namespace /live on the HTTP server), fed by the projection runner
 * after it committed each event. TokenVerifier, the runner, the read models and the store come from
 * their global modules.
 */
@Module({})
export class LiveModule {
  static forConfig({ liveResumeMemory }: Pick<AppConfig, 'liveResumeMemory'>): DynamicModule {
    return { module: LiveModule, providers: [LiveGateway, { provide: LIVE_RESUME_MEMORY, useValue: liveResumeMemory }] };
  }
}
