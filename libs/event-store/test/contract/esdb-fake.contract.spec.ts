import { EsdbEventStore } from '../../src';
import { FakeEsdbClient } from '../esdb/fake-esdb-client';
import { eventStoreContract } from './event-store.contract';

/**
 * The adapter's logic against the whole contract, over the client's own read and subscription streams
 * fed by an in-memory server (test/esdb/fake-esdb-client.ts). It proves the adapter, not EventStoreDB:
 * esdb-event-store.contract.spec.ts runs the same contract against a real server.
 */
describe('EsdbEventStore over the fake server passes the event-store contract', () => {
  eventStoreContract(async () => EsdbEventStore.withClient(new FakeEsdbClient().asClient()));
});

describe('… and so it does when the server reports batches with the transaction position as prepare', () => {
  eventStoreContract(async () => EsdbEventStore.withClient(new FakeEsdbClient({ preparePositions: 'transaction' }).asClient()));
});
