/**
 * Child process for the several-processes tests: appends `count` events to one stream that another
 * process appends to at the same time, each at the exact revision it last read (as the server's stream
 * writer does), retrying a conflict after a short random pause. Prints `ack <id> <revision>` per
 * acknowledged append, and `conflicts <n>` at the end.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, WrongExpectedVersion, type RecordedEvent } from '../../src';

const [path, streamId, countText, label] = process.argv.slice(2);
const store = SqliteEventStore.open({ path });

async function head(): Promise<bigint | 'no_stream'> {
  let last: RecordedEvent | undefined;
  try {
    for await (const e of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) last = e;
  } catch {
    return 'no_stream';
  }
  return last ? last.revision : 'no_stream';
}

async function main(): Promise<void> {
  let conflicts = 0;
  for (let i = 0; i < Number(countText); i++) {
    const id = randomUUID();
    for (;;) {
      try {
        const result = await store.append(
          streamId,
          [{ id, type: 'Contended', data: { by: label, i }, metadata: { actor: label, correlationId: id, causationId: id } }],
          { expectedRevision: await head() },
        );
        process.stdout.write(`ack ${id} ${result.nextRevision}\n`);
        break;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        conflicts++;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      }
    }
  }
  process.stdout.write(`conflicts ${conflicts}\n`);
  await store.close();
}

process.stdout.write('ready\n');
main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
