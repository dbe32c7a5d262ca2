export * from './port/types';
export * from './port/json-text';
export * from './port/errors';
export * from './port/damage';
export * from './port/filter';
export * from './port/validation';
export * from './hash-chain/hash-chain';
export * from './hash-chain/chain-check';
export * from './hash-chain/verify-log';
export * from './sqlite/sqlite-event-store';
export * from './port/expected-revision';
// The EventStoreDB adapter is loaded only when connected (esdb/connect.ts); its class by path, for tests.
export type { EsdbEventStore, EsdbEventStoreOptions } from './esdb/esdb-event-store';
export { connectEventStoreDb } from './esdb/connect';
export * from './overlay/overlay-event-store';
