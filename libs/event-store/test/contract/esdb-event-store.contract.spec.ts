import { EsdbEventStore } from '../../src';
import { eventStoreContract } from './event-store.contract';

/**
 * Runs the port's contract against a real EventStoreDB (see docs/eventstoredb.md), e.g.
 * EVENTSTORE_CONNECTION_STRING='esdb://admin:changeit@localhost:2113?tls=false' npx jest esdb-event-store.contract
 * Each test uses its own stream prefix, so a long-lived server can be reused between runs.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describe('EsdbEventStore passes the event-store contract', () => {
    eventStoreContract(() => EsdbEventStore.connect(connectionString));
  });
} else {
  describe.skip('EventStoreDB contract skipped: set EVENTSTORE_CONNECTION_STRING to run it against a server', () => {
    it('needs a server', () => undefined);
  });
}
