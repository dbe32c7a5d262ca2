/** Child process for the migration race: says when it starts opening the store, then opens and closes it. */
import { SqliteEventStore } from '../../src';

process.stdout.write('opening\n');
try {
  const store = SqliteEventStore.open({ path: process.argv[2] });
  void store.close().then(() => process.stdout.write('opened\n'));
} catch (error) {
  process.stdout.write(`failed ${(error as Error).message}\n`);
  process.exitCode = 1;
}
