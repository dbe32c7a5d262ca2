import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src';
import { eventStoreContract } from './event-store.contract';

describe('SqliteEventStore passes the event-store contract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'klaster-contract-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  eventStoreContract(async () => SqliteEventStore.open({ path: join(dir, 'events.sqlite') }));
});
