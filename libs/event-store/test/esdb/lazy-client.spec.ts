/**
 * The EventStoreDB client is loaded only when an EventStoreDB log is connected: every process on the
 * embedded store (the server, the CLI, each e2e test that starts one) would otherwise pay for loading it.
 */
describe('the EventStoreDB client, loaded lazily', () => {
  afterEach(() => {
    jest.dontMock('@eventstore/db-client');
    jest.resetModules();
  });

  it('is not loaded by the library: the embedded store opens without it', () => {
    jest.isolateModules(() => {
      jest.doMock('@eventstore/db-client', () => {
        throw new Error('the EventStoreDB client was loaded');
      });
      const lib = require('../../src') as typeof import('../../src');
      expect(typeof lib.SqliteEventStore.open).toBe('function');
      expect(typeof lib.connectEventStoreDb).toBe('function');
    });
  });

  it('is loaded when an EventStoreDB log is connected', async () => {
    let connect!: typeof import('../../src').connectEventStoreDb;
    jest.isolateModules(() => {
      jest.doMock('@eventstore/db-client', () => {
        throw new Error('the EventStoreDB client was loaded');
      });
      connect = (require('../../src') as typeof import('../../src')).connectEventStoreDb;
    });
    await expect(connect('esdb://localhost:2113?tls=false')).rejects.toThrow('the EventStoreDB client was loaded');
  });

  it('connects the adapter through the official client', async () => {
    const { connectEventStoreDb } = await import('../../src');
    const store = await connectEventStoreDb('esdb://localhost:1?tls=false');
    try {
      expect(store.kind).toBe('eventstoredb');
    } finally {
      await store.close();
    }
  });
});
