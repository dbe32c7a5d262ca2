import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { connectEventStoreDb, SqliteEventStore, verifyLog, type EventStore, type VerificationReport } from '@klaster/event-store';
import { breakReason, reasonText } from '@klaster/audit';
import { mintToken } from '@klaster/identity';
import { ReadModelsInUse, REBUILD_BATCH_SIZE, rebuildReadModelsAside } from '@klaster/projections';
import { registerAuditCommands } from './audit/audit-commands';
import { LANGUAGE_OPTION_VALUES, chosenLanguage } from './language';
import { language, say, speak } from './messages/cli-messages';
import { inUseText } from './messages/in-use';
import { ConfigError, loadConfig } from '../../server/src/config/app-config';
import { openGeneratedSecret } from '../../server/src/auth/open-generated-secret';
import { closeSharedState, openSharedState } from '../../server/src/shared-state/shared-state';

/** Operators' and auditors' commands: `npm run cli -- <command>`. */
const program = new Command('klaster').description('Klaster command line: tokens for development, log verification, read-model rebuild, importing a cluster’s past');
const dataDir = () => resolve(process.env.DATA_DIR || './data');

// Every command prints in Polish or English (its help stays English).
program.addOption(
  new Option('--lang <language>', 'the language of the output: pl or en (default: KLASTER_LANG, else LC_ALL/LC_MESSAGES/LANG starting with "pl" for Polish, else English)').choices(
    LANGUAGE_OPTION_VALUES,
  ),
);
program.hook('preAction', () => speak(chosenLanguage(program.opts<{ lang?: string }>().lang, process.env)));

program
  .command('token')
  .description('Mint a development bearer token for a person (HS256 with JWT_SECRET or the server’s generated secret)')
  .argument('<personId>', 'the person id (becomes the token’s sub)')
  .option('--ttl <duration>', 'lifetime, e.g. 8h, 30d', '8h')
  .action(async (personId: string, options: { ttl: string }) => {
    const secret = process.env.JWT_SECRET || (await generatedSecret());
    if (!secret) {
      console.error(say('token.noSecret', { where: serverSettings().sharedState.kind }));
      process.exitCode = 1;
      return;
    }
    console.log(await mintToken(secret, personId, { ttl: options.ttl, issuer: process.env.JWT_ISSUER || undefined }));
  });

program
  .command('verify')
  .description(
    'Recompute every event hash and check each stream’s chain ($DATA_DIR/events.sqlite, or EventStoreDB when ' +
      'EVENTSTORE_CONNECTION_STRING is set); exit 1 naming each damaged event. Safe while the server runs.',
  )
  .action(async () => {
    const log = logLocation();
    if (log.kind === 'sqlite' && !existsSync(log.path)) {
      console.error(say('log.none', { path: log.path }));
      process.exitCode = 1;
      return;
    }
    const store = await openLog(log);
    try {
      report(await verifyLog(store));
    } finally {
      await store.close();
    }
  });

const projections = program.command('projections').description('The read models the server answers queries from ($DATA_DIR/read-models.sqlite)');

projections
  .command('rebuild')
  .description(
    'Rebuild every read model from the whole log ($DATA_DIR/events.sqlite, or EventStoreDB when EVENTSTORE_CONNECTION_STRING is set) ' +
      'into a new file, and put it in place of the old one only once it is complete: a failure or a crash leaves the old read models ' +
      'as they were. Stop the server first: it holds the read models and the rebuild is refused while it runs.',
  )
  .option('--batch-size <events>', 'events per transaction', (v) => Number.parseInt(v, 10), REBUILD_BATCH_SIZE)
  .action(async (options: { batchSize: number }) => {
    const log = logLocation();
    if (log.kind === 'sqlite' && !existsSync(log.path)) {
      console.error(say('log.noneHint', { path: log.path }));
      process.exitCode = 1;
      return;
    }
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      console.error(say('rebuild.batchSize'));
      process.exitCode = 1;
      return;
    }
    const path = resolve(dataDir(), 'read-models.sqlite');
    const store = await openLog(log);
    try {
      console.log(say('rebuild.start', { path, log: log.label }));
      const result = await rebuildReadModelsAside(store, path, undefined, {
        batchSize: options.batchSize,
        progressIntervalMs: 2_000,
        role: `a read-model rebuild (npm run cli -- projections rebuild)`,
        onProgress: (p) => console.error(say('rebuild.progress', { events: p.events, position: String(p.position), rate: Math.round(p.events / Math.max(p.seconds, 0.001)) })),
      });
      console.log(
        say('rebuild.done', {
          events: result.events,
          position: result.position === undefined ? 'none' : String(result.position),
          seconds: result.seconds,
          rate: Math.round(result.eventsPerSecond),
        }),
      );
      for (const d of result.damaged) {
        console.log(say('rebuild.damaged', { collection: d.collection || 'none', key: d.key, position: String(d.position), problem: d.problem.kind }));
      }
      if (result.damaged.length) console.log(say('rebuild.damagedCount', { count: result.damaged.length }));
    } catch (error) {
      if (!(error instanceof ReadModelsInUse)) throw error;
      console.error(say('rebuild.inUse', { inUse: inUseText(error) }));
      console.error(say('rebuild.stopServer'));
      process.exitCode = 1;
    } finally {
      await store.close();
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

/** The server's settings from the same environment (a bad one ends the command with the server's message). */
function serverSettings() {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** The secret the server generated for itself (no JWT_SECRET), where the server keeps it; never makes one. */
async function generatedSecret(): Promise<string | undefined> {
  const state = openSharedState(serverSettings().sharedState);
  try {
    return await (await openGeneratedSecret(state)).read();
  } finally {
    await closeSharedState(state);
  }
}

/** The log the server uses: EventStoreDB when EVENTSTORE_CONNECTION_STRING is set, else EVENTS_PATH or $DATA_DIR/events.sqlite. */
function logLocation(): { kind: 'sqlite'; path: string; label: string } | { kind: 'eventstoredb'; connectionString: string; label: string } {
  const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
  // The connection string may carry credentials: the label shows only where it points.
  if (connectionString) return { kind: 'eventstoredb', connectionString, label: say('log.eventStoreDb', { address: connectionString.replace(/\/\/[^@/]*@/, '//') }) };
  const path = process.env.EVENTS_PATH ? resolve(process.env.EVENTS_PATH) : resolve(dataDir(), 'events.sqlite');
  return { kind: 'sqlite', path, label: path };
}

type LogLocation = ReturnType<typeof logLocation>;

function openLog(log: LogLocation): Promise<EventStore> {
  return log.kind === 'sqlite' ? Promise.resolve(SqliteEventStore.open({ path: log.path })) : connectEventStoreDb(log.connectionString);
}

function report(result: VerificationReport): void {
  console.log(say('verify.checked', { events: result.eventsChecked, streams: result.streamsChecked }));
  for (const p of result.problems) {
    const where = { stream: p.streamId, revision: String(p.revision), event: p.eventId, position: String(p.position) };
    // The event store's describeDamage, in the catalogue's words.
    const damage = say('verify.damage', { ...where, problem: reasonText(breakReason(p.problem), language()) });
    console.log(say('verify.altered', { ...where, kind: p.problem.kind, damage }));
  }
  console.log(result.ok ? say('verify.intact') : say('verify.problems', { count: result.problems.length }));
  if (!result.ok) process.exitCode = 1;
}

registerAuditCommands(program, {
  dataDir,
  async openLog() {
    const log = logLocation();
    if (log.kind === 'sqlite' && !existsSync(log.path)) {
      console.error(say('log.noneHint', { path: log.path }));
      process.exitCode = 1;
      return undefined;
    }
    return { store: await openLog(log), label: log.label };
  },
});

void program.parseAsync();
