import { EventStoreDBClient } from '@eventstore/db-client';
import { EsdbEventStore } from '../../src/esdb/esdb-event-store';
import { sealEvents } from '../../src/esdb/esdb-mapping';
import { eventStoreContract } from './event-store.contract';
import { collect, forgedEvent, type WriteDamaged } from './fixtures';

/**
 * Runs the port's contract against a real EventStoreDB (see docs/eventstoredb.md), e.g.
 * EVENTSTORE_CONNECTION_STRING='esdb://admin:changeit@localhost:2113?tls=false' npx jest esdb-event-store.contract
 * Each test uses its own stream prefix, so a long-lived server can be reused between runs.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describe('EsdbEventStore passes the event-store contract', () => {
    const raw = EventStoreDBClient.connectionString(connectionString);
    afterAll(() => raw.dispose());

    /** ESDB never changes a stored event: the damaged one is appended by a client that seals it wrongly. */
    const writeDamaged: WriteDamaged = async (streamId, forgery) => {
      const store = await EsdbEventStore.connect(connectionString);
      try {
        const [head] = await collect(store.readStream(streamId, { direction: 'backwards', maxCount: 1 }));
        const { event, revision, metadata, prevHash, hash } = forgedEvent(streamId, head && { revision: head.revision, hash: head.metadata.hash }, forgery);
        // The adapter's own mapping, fed the forged seal (its data or prevHash no longer fit its hash).
        const [data] = sealEvents(streamId, [event], head && { revision: head.revision, hash: head.metadata.hash }, metadata.recordedAt);
        await raw.appendToStream(streamId, [{ ...data, metadata: { ...metadata, prevHash, hash } } as never], { expectedRevision: revision - 1n });
      } finally {
        await store.close();
      }
    };

    eventStoreContract(() => EsdbEventStore.connect(connectionString), writeDamaged);
  });
} else {
  describe.skip('EventStoreDB contract skipped: set EVENTSTORE_CONNECTION_STRING to run it against a server', () => {
    it('needs a server', () => undefined);
  });
}
