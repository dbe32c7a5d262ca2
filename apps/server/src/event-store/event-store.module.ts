import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@klaster/event-store';
import type { EventStoreConfig } from '../config/app-config';
import { DamageRegistry } from '../integrity/damage-registry';
import { DamageAwareEventStore } from '../integrity/damage-aware-store';
import { openEventStore } from './open-event-store';

/** DI token of the event-store port; inject with @Inject(EVENT_STORE). */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** The adapter itself, without the damage registry in front: for verifying the log. */
export const RAW_EVENT_STORE = Symbol('RAW_EVENT_STORE');

@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forConfig(config: EventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        DamageRegistry,
        { provide: RAW_EVENT_STORE, useFactory: () => openEventStore(config) },
        {
          provide: EVENT_STORE,
          inject: [RAW_EVENT_STORE, DamageRegistry],
          useFactory: (store: EventStore & { kind: string }, registry: DamageRegistry) => new DamageAwareEventStore(store, registry),
        },
      ],
      exports: [EVENT_STORE, RAW_EVENT_STORE, DamageRegistry],
    };
  }

  /** Closes the store (fsyncs pending appends, disposes the ESDB client) so the process exits cleanly. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
