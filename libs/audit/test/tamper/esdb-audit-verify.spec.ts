import { EventStoreDBClient } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@klaster/event-store';
import { EsdbEventStore } from '@klaster/event-store/esdb/esdb-event-store';
import { auditVerifySuite, type AuditEnv } from './audit-verify.suite';

/**
 * The same suite against EventStoreDB, when a server is given (skipped otherwise, like the contract
 * suite). EventStoreDB never changes a stored event nor moves it: what an attacker with its admin
 * credentials can do is delete a stream, cut a stream's first events (truncateBefore) and append
 * events the adapter did not seal — each of which is found.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describe('audit verify finds tampering in EventStoreDB', () => {
    auditVerifySuite(async (): Promise<AuditEnv> => {
      const store: EventStore = await EsdbEventStore.connect(connectionString);
      const raw = EventStoreDBClient.connectionString(connectionString);
      return {
        store: () => store,
        close: async () => {
          await store.close();
          await raw.dispose();
        },
        tamper: {
          deleteStream: async (s) => {
            await raw.deleteStream(s);
          },
          dropFirst: async (s, count) => {
            await raw.setStreamMetadata(s, { truncateBefore: Number(count) } as never);
          },
          appendForged: async (s) => {
            let head: { revision: bigint; hash: string } | undefined;
            for await (const e of store.readStream(s, { direction: 'backwards', maxCount: 1 })) head = { revision: e.revision, hash: e.metadata.hash };
            const metadata = { actor: 'mallory', correlationId: randomUUID(), causationId: randomUUID(), recordedAt: new Date().toISOString(), schemaVersion: 1, prevHash: head!.hash, hash: 'f'.repeat(64) };
            await raw.appendToStream(s, [{ id: randomUUID(), contentType: 'application/json', type: 'VoteClosed', data: { forged: true }, metadata } as never], { expectedRevision: head!.revision });
          },
        },
      };
    });
  });
} else {
  describe.skip('audit verify on EventStoreDB skipped: set EVENTSTORE_CONNECTION_STRING to run it against a server', () => {
    it('needs a server', () => undefined);
  });
}
