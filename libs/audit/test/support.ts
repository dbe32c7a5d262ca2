import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type EventStore, type JsonValue } from '@klaster/event-store';

export interface TempStore {
  store: SqliteEventStore;
  path: string;
  dir: string;
  reopen(): SqliteEventStore;
  cleanup(): Promise<void>;
}

/** An embedded store in a temporary folder. */
export function tempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'klaster-audit-'));
  const path = join(dir, 'events.sqlite');
  const opened: SqliteEventStore[] = [];
  const open = () => {
    const s = SqliteEventStore.open({ path, pollIntervalMs: 20 });
    opened.push(s);
    return s;
  };
  const store = open();
  return {
    store,
    path,
    dir,
    reopen: open,
    async cleanup() {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Appends events of the given types to a stream (data: the index), as an actor. */
export async function appendTo(store: EventStore, streamId: string, types: string[], options: { actor?: string; data?: (i: number) => JsonValue } = {}) {
  return store.append(
    streamId,
    types.map((type, i) => ({ id: randomUUID(), type, data: options.data?.(i) ?? { i }, metadata: { actor: options.actor ?? 'p1', correlationId: randomUUID(), causationId: randomUUID() } })),
    { expectedRevision: 'any' },
  );
}
