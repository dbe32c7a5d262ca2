/**
 * Child process for the crash test: 64 concurrent writers append until killed, printing one line
 * per acknowledged append. A line is printed only after the append's promise resolved.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src';

const store = SqliteEventStore.open({ path: process.argv[2] });
const WRITERS = 64;

async function writer(w: number): Promise<never> {
  const stream = `crash-w${w}`;
  let expected: bigint | 'no_stream' = 'no_stream';
  for (;;) {
    const id = randomUUID();
    const result = await store.append(
      stream,
      [{ id, type: 'Load', data: { w }, metadata: { actor: 'crash', correlationId: id, causationId: id } }],
      { expectedRevision: expected },
    );
    expected = result.nextRevision;
    process.stdout.write(`ack ${id} ${stream} ${result.nextRevision} ${result.position}\n`);
  }
}

process.stdout.write('ready\n');
for (let w = 0; w < WRITERS; w++) void writer(w);
