import { Module } from '@nestjs/common';
import { LiveGateway } from './live.gateway';

/**
 * Live updates over socket.io (namespace /live on the HTTP server), fed by the projection runner
 * after it committed each event. TokenVerifier, the runner, the read models and the store come from
 * their global modules.
 */
@Module({ providers: [LiveGateway] })
export class LiveModule {}
