import type { EsdbEventStore, EsdbEventStoreOptions } from './esdb-event-store';

/**
 * Connects the EventStoreDB adapter. The adapter, and with it the official client (a second of loading
 * on this machine), is loaded here, on first use: a server or a CLI on the embedded store never loads it.
 */
export async function connectEventStoreDb(connectionString: string, options: EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
  const { EsdbEventStore } = await import('./esdb-event-store');
  return EsdbEventStore.connect(connectionString, options);
}
