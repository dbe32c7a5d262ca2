import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@klaster/event-store';
import type { EventStoreConfig } from '../config/app-config';
import { openEventStore } from './open-event-store';

/** DI token of the event-store port; inject with @Inject(EVENT_STORE). */
export const EVENT_STORE = Symbol('EVENT_STORE');

@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forConfig(config: EventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useFactory: () => openEventStore(config) }],
      exports: [EVENT_STORE],
    };
  }

  /** Closes the store (fsyncs pending appends, disposes the ESDB client) so the process exits cleanly. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
