import { connectEventStoreDb, SqliteEventStore, type EventStore } from '@klaster/event-store';
import type { EventStoreConfig } from '../config/app-config';

/** The one place that chooses an adapter: embedded SQLite by default, EventStoreDB when configured. */
export async function openEventStore(config: EventStoreConfig): Promise<EventStore & { kind: string }> {
  switch (config.kind) {
    case 'sqlite':
      return SqliteEventStore.open({ path: config.path, maxEventBytes: config.maxEventBytes });
    case 'eventstoredb':
      return connectEventStoreDb(config.connectionString, { maxEventBytes: config.maxEventBytes });
  }
}
