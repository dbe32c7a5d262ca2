import { EsdbEventStore } from '../../src/esdb/esdb-event-store';
import { sealEvents } from '../../src/esdb/esdb-mapping';
import { FakeEsdbClient, type FakeServerOptions } from '../esdb/fake-esdb-client';
import { eventStoreContract } from './event-store.contract';
import { collect, forgedEvent, type WriteDamaged } from './fixtures';

/**
 * The adapter's logic against the whole contract, over the client's own read and subscription streams
 * fed by an in-memory server (test/esdb/fake-esdb-client.ts) with the server's positional idempotency.
 * It proves the adapter, not EventStoreDB: esdb-event-store.contract.spec.ts runs the same contract
 * against a real server.
 */
function overFakeServer(options: FakeServerOptions = {}) {
  const fake = new FakeEsdbClient(options);
  const store = EsdbEventStore.withClient(fake.asClient());
  /** As against a real server: a client that seals the event wrongly appends it (nothing is ever changed in place). */
  const writeDamaged: WriteDamaged = async (streamId, forgery) => {
    const [head] = await collect(store.readStream(streamId, { direction: 'backwards', maxCount: 1 }));
    const link = head && { revision: head.revision, hash: head.metadata.hash };
    const { event, metadata, prevHash, hash } = forgedEvent(streamId, link, forgery);
    const [data] = sealEvents(streamId, [event], link, metadata.recordedAt);
    fake.writeRaw(streamId, [{ ...data, metadata: { ...metadata, prevHash, hash } } as never]);
  };
  return { factory: async () => store, writeDamaged };
}

/**
 * Skipped in a mutation run (KLASTER_MUTATION_RUN): every mutant of the adapter is covered by nearly every
 * contract test, so each would run the whole contract again (about 6 mutants a minute on the shared
 * machine, hours for the adapter). There the adapter is judged by its own specs (test/esdb: the adapter
 * over the same fake server, its server behaviours, reads, subscription, mapping, errors, version): the
 * score is then a lower bound, since fewer tests can only kill fewer mutants (docs/mutation-testing.md).
 */
const describeUnlessMutationRun = process.env.KLASTER_MUTATION_RUN ? describe.skip : describe;

/**
 * The two large cases (a long stream; a subscription fed by four concurrent writers) at 2,000 events, not
 * 10,000 (the mutation run's size, see LARGE): over the fake server they take the same paths at that size —
 * the long stream is written in batches of 500 and read whole, from a revision and backwards; the
 * subscription starts in catch-up behind 1,000 events and switches to live while the writers go on; the
 * log that later cases walk (readAll, verifyLog) still spans several of the adapter's 1,000-event pages.
 * Five times the events over an in-memory fake proves nothing more about the adapter and cost about a
 * minute of the run's CPU (both variants). The SQLite contract (the default store) and the contract
 * against a real EventStoreDB keep 10,000.
 */
const OVER_FAKE = { large: 2_000 };

describeUnlessMutationRun('EsdbEventStore over the fake server passes the event-store contract', () => {
  const { factory, writeDamaged } = overFakeServer();
  eventStoreContract(factory, writeDamaged, OVER_FAKE);
});

describeUnlessMutationRun('… and so it does when the server reports batches with the transaction position as prepare', () => {
  const { factory, writeDamaged } = overFakeServer({ preparePositions: 'transaction' });
  eventStoreContract(factory, writeDamaged, OVER_FAKE);
});
