import { Global, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../event-store/event-store.module';
import { ReactorCheckpoints } from './reactor-checkpoints';
import { ReactorRunner } from './reactor-runner';
import { reactions } from './reactions';
import { CommandConsequences, CONSEQUENCES_TIMEOUT_MS } from './command-consequences';

/**
 * The reactor that writes each act's consequences on other streams from the log. Every server
 * instance runs its own (with its own checkpoint); the reactions are idempotent, so instances
 * reacting to the same event write it once between them.
 */
@Global()
@Module({})
export class ReactorsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runner: ReactorRunner,
    private readonly checkpoints: ReactorCheckpoints,
  ) {}

  static forConfig({ dataDir, readYourWriteTimeoutMs }: { dataDir: string; readYourWriteTimeoutMs: number }): DynamicModule {
    const logger = new Logger('Reactor');
    return {
      module: ReactorsModule,
      providers: [
        { provide: ReactorCheckpoints, useFactory: () => new ReactorCheckpoints(join(dataDir, 'reactors.sqlite')) },
        {
          provide: ReactorRunner,
          inject: [EVENT_STORE, ReactorCheckpoints],
          useFactory: (store: EventStore, checkpoints: ReactorCheckpoints) => new ReactorRunner(store, checkpoints, reactions, { log: logger }),
        },
        { provide: CONSEQUENCES_TIMEOUT_MS, useValue: readYourWriteTimeoutMs },
        CommandConsequences,
      ],
      exports: [ReactorRunner, CommandConsequences],
    };
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.checkpoints.close();
  }
}
