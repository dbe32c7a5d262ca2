import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { EsdbEventStore, SqliteEventStore, type EventStore, type VerificationReport } from '@klaster/event-store';
import { mintToken } from '@klaster/identity';
import { ReadModelStore, ReadModelsInUse, rebuildReadModels } from '@klaster/projections';

/** Operators' and auditors' commands: `npm run cli -- <command>`. */
const program = new Command('klaster').description('Klaster command line: tokens for development, log verification, read-model rebuild, importing a cluster’s past');
const dataDir = () => resolve(process.env.DATA_DIR || './data');

program
  .command('token')
  .description('Mint a development bearer token for a person (HS256 with JWT_SECRET or the server’s generated secret)')
  .argument('<personId>', 'the person id (becomes the token’s sub)')
  .option('--ttl <duration>', 'lifetime, e.g. 8h, 30d', '8h')
  .action(async (personId: string, options: { ttl: string }) => {
    const secretFile = resolve(dataDir(), 'jwt-secret');
    const secret = process.env.JWT_SECRET || (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined);
    if (!secret) {
      console.error(`No JWT_SECRET and no ${secretFile}: start the server once (npm start) so it creates its secret.`);
      process.exitCode = 1;
      return;
    }
    console.log(await mintToken(secret, personId, { ttl: options.ttl, issuer: process.env.JWT_ISSUER || undefined }));
  });

program
  .command('verify')
  .description('Recompute every event hash and check each stream’s chain; exit 1 naming each altered event')
  .action(async () => {
    const path = resolve(dataDir(), 'events.sqlite');
    if (!existsSync(path)) {
      console.error(`No event store at ${path}`);
      process.exitCode = 1;
      return;
    }
    const store = SqliteEventStore.open({ path });
    try {
      report(await store.verify());
    } finally {
      await store.close();
    }
  });

const projections = program.command('projections').description('The read models the server answers queries from ($DATA_DIR/read-models.sqlite)');

projections
  .command('rebuild')
  .description(
    'Drop every read model and checkpoint and rebuild them from the whole log ($DATA_DIR/events.sqlite, or EventStoreDB ' +
      'when EVENTSTORE_CONNECTION_STRING is set). Stop the server first: it keeps the read models open and is refused otherwise.',
  )
  .action(async () => {
    const log = logLocation();
    if (log.kind === 'sqlite' && !existsSync(log.path)) {
      console.error(`No event store at ${log.path} (set DATA_DIR, or EVENTSTORE_CONNECTION_STRING for EventStoreDB)`);
      process.exitCode = 1;
      return;
    }
    const path = resolve(dataDir(), 'read-models.sqlite');
    let models: ReadModelStore;
    try {
      // Held by this process alone until it ends; a running server has the file open and is detected here.
      models = new ReadModelStore(path, { exclusive: true });
    } catch (error) {
      if (!(error instanceof ReadModelsInUse)) throw error;
      console.error(`${error.message}.`);
      console.error('Stop the server, then run the rebuild again; the server catches up from the rebuilt checkpoint when it starts.');
      process.exitCode = 1;
      return;
    }
    let store: EventStore | undefined;
    try {
      store = log.kind === 'sqlite' ? SqliteEventStore.open({ path: log.path }) : await EsdbEventStore.connect(log.connectionString);
      console.log(`Rebuilding ${path} from ${log.label} …`);
      const result = await rebuildReadModels(store, models, undefined, {
        progressIntervalMs: 2_000,
        onProgress: (p) => console.error(`  ${p.events.toLocaleString('en-US')} events (position ${p.position}), ${Math.round(p.events / p.seconds).toLocaleString('en-US')} events/s`),
      });
      console.log(
        `Rebuilt the read models from ${result.events.toLocaleString('en-US')} events` +
          (result.position === undefined ? ' (the log is empty)' : ` up to position ${result.position}`) +
          ` in ${result.seconds.toFixed(2)} s: ${Math.round(result.eventsPerSecond).toLocaleString('en-US')} events/s.`,
      );
    } finally {
      await store?.close();
      models.close();
    }
  });

program
  .command('import')
  .description(
    "Import a cluster's past from a file of acts (JSON Lines: one command a line as the API takes it, each with occurredAt " +
      'and reference). A dry run checks the whole file first and writes nothing unless every act passes; running the file ' +
      'again writes only what is missing. Works on $DATA_DIR (refused while a server has it open: send the file to POST /api/imports).',
  )
  .argument('<file>', 'the .jsonl file')
  .requiredOption('--as <personId>', 'who records it: the coordinator or a registrar of the cluster (for a file that founds it, the founding coordinator’s representative)')
  .option('--dry-run', 'check the whole file and list the acts it would record; write nothing')
  .option('--verbose', 'print each act as it is recorded')
  .option('--json', 'print the whole report as JSON')
  .action(async (file: string, options: { as: string; dryRun?: boolean; verbose?: boolean; json?: boolean }) => {
    // The server's application context, loaded only for this command.
    const { importFromCli } = await import('../../server/src/imports/import-cli');
    process.exitCode = await importFromCli(file, options);
  });

/** The log the server uses: EventStoreDB when EVENTSTORE_CONNECTION_STRING is set, else $DATA_DIR/events.sqlite. */
function logLocation(): { kind: 'sqlite'; path: string; label: string } | { kind: 'eventstoredb'; connectionString: string; label: string } {
  const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
  // The connection string may carry credentials: the label shows only where it points.
  if (connectionString) return { kind: 'eventstoredb', connectionString, label: `EventStoreDB at ${connectionString.replace(/\/\/[^@/]*@/, '//')}` };
  const path = resolve(dataDir(), 'events.sqlite');
  return { kind: 'sqlite', path, label: path };
}

function report(result: VerificationReport): void {
  console.log(`${result.eventsChecked} events in ${result.streamsChecked} streams checked.`);
  for (const p of result.problems) {
    console.log(`ALTERED: stream ${p.streamId} revision ${p.revision} event ${p.eventId} (position ${p.position}): ${p.problem.kind}`);
  }
  console.log(result.ok ? 'The record is intact.' : `${result.problems.length} problem(s) found.`);
  if (!result.ok) process.exitCode = 1;
}

void program.parseAsync();
