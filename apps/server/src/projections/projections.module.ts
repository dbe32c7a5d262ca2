import { Global, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, readModels } from '@klaster/projections';
import { EVENT_STORE } from '../event-store/event-store.module';
import type { AppConfig } from '../config/app-config';
import { READ_YOUR_WRITE_TIMEOUT_MS, ReadModels } from './read-models.service';
import { readModelsPath } from './read-models-free';

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

  static forConfig({ dataDir, readYourWriteTimeoutMs, processRole }: Pick<AppConfig, 'dataDir' | 'readYourWriteTimeoutMs' | 'processRole'>): DynamicModule {
    const logger = new Logger('Projections');
    return {
      module: ProjectionsModule,
      providers: [
        // Held for the server's whole life: a second server, a rebuild or the demo loader on the same
        // file is refused (ReadModelsInUse, naming this process) instead of applying events twice.
        { provide: ReadModelStore, useFactory: () => new ReadModelStore(readModelsPath(dataDir), { exclusive: true, role: processRole ?? 'a Klaster server' }) },
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

