import { Global, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { EventStore } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, readModels } from '@klaster/projections';
import { EVENT_STORE } from '../event-store/event-store.module';
import type { AppConfig } from '../config/app-config';
import { READ_YOUR_WRITE_TIMEOUT_MS, ReadModels } from './read-models.service';

/**
 * Every server instance keeps its own read models (a SQLite file beside its data, also when the log
 * is EventStoreDB), fed by its own subscription to all events.
 */
@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly models: ReadModelStore,
  ) {}

  static forConfig({ dataDir, readYourWriteTimeoutMs, holdDataFolder }: Pick<AppConfig, 'dataDir' | 'readYourWriteTimeoutMs' | 'holdDataFolder'>): DynamicModule {
    const logger = new Logger('Projections');
    return {
      module: ProjectionsModule,
      providers: [
        // A running server keeps the read models open: a tool that holds the data folder takes them exclusively (ReadModelsInUse otherwise).
        { provide: ReadModelStore, useFactory: () => new ReadModelStore(join(dataDir, 'read-models.sqlite'), { exclusive: holdDataFolder ?? false }) },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, ReadModelStore],
          useFactory: (store: EventStore, models: ReadModelStore) =>
            new ProjectionRunner(store, models, readModels, { onError: (e) => logger.warn(`resubscribing after: ${(e as Error).message}`) }),
        },
        { provide: READ_YOUR_WRITE_TIMEOUT_MS, useValue: readYourWriteTimeoutMs },
        ReadModels,
      ],
      exports: [ReadModelStore, ProjectionRunner, ReadModels],
    };
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.models.close();
  }
}

