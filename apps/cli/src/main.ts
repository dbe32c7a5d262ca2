import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { SqliteEventStore, type VerificationReport } from '@klaster/event-store';
import { mintToken } from '@klaster/identity';

/** Operators' and auditors' commands: `npm run cli -- <command>`. */
const program = new Command('klaster').description('Klaster command line: tokens for development, log verification');
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

function report(result: VerificationReport): void {
  console.log(`${result.eventsChecked} events in ${result.streamsChecked} streams checked.`);
  for (const p of result.problems) {
    console.log(`ALTERED: stream ${p.streamId} revision ${p.revision} event ${p.eventId} (position ${p.position}): ${p.problem.kind}`);
  }
  console.log(result.ok ? 'The record is intact.' : `${result.problems.length} problem(s) found.`);
  if (!result.ok) process.exitCode = 1;
}

void program.parseAsync();
