import { EsdbEventStore } from '../../src';
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

describeUnlessMutationRun('EsdbEventStore over the fake server passes the event-store contract', () => {
  const { factory, writeDamaged } = overFakeServer();
  eventStoreContract(factory, writeDamaged);
});

describeUnlessMutationRun('… and so it does when the server reports batches with the transaction position as prepare', () => {
  const { factory, writeDamaged } = overFakeServer({ preparePositions: 'transaction' });
  eventStoreContract(factory, writeDamaged);
});
