import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { SHARED_STATE, closeSharedState, openSharedState, type SharedState, type SharedStateConfig } from './shared-state';

/** Provides the SharedState (SQLite files beside the log, or DATABASE_URL's PostgreSQL) to every store that must be shared. */
@Global()
@Module({})
export class SharedStateModule implements OnApplicationShutdown {
  constructor(@Inject(SHARED_STATE) private readonly state: SharedState) {}

  static forConfig(config: SharedStateConfig): DynamicModule {
    return {
      module: SharedStateModule,
      providers: [{ provide: SHARED_STATE, useFactory: () => openSharedState(config) }],
      exports: [SHARED_STATE],
    };
  }

  /** After the stores' modules (Nest shuts down in reverse order of initialisation): the pool ends last. */
  async onApplicationShutdown(): Promise<void> {
    await closeSharedState(this.state);
  }
}
