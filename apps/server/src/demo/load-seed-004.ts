import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { ClusterDirectory } from '../clusters/queries/cluster-directory';
import { ImportRunner } from '../imports/import-runner';
import { PeopleRegistry } from '../people/people-registry';
import { sampleHistoryPath } from './history/sample-histories';
import { SEED_004_CLUSTER_ID, SEED_004_COORDINATOR, seed004People } from './seed-004';

/**
 * The seed-004 cluster's history as a file of acts (JSON Lines, the import format): its founding and the
 * 19 signatures of 21 November 2014, the auditor, and the years 2015–2017 — councils, general meetings,
 * resolutions (named ballots, and counts from minutes), the annual cycles, an amendment, two working groups.
 */
export const SEED_004_HISTORY = sampleHistoryPath('seed-004-wm-kes.jsonl');

/**
 * Loads the seed-004 cluster by importing its history as its coordinator would (the same import the
 * CLI and `POST /api/imports` run, through the CommandBus), and registers the demo's people's names.
 * Running it again writes nothing new.
 */
export async function loadSeed004(app: INestApplicationContext): Promise<{ loaded: boolean }> {
  if (await app.get(ClusterDirectory).exists(SEED_004_CLUSTER_ID)) return { loaded: false };
  const people = app.get(PeopleRegistry);
  for (const person of seed004People) await people.upsert(person);
  const report = await app.get(ImportRunner).run(readFileSync(SEED_004_HISTORY, 'utf8'), { actor: SEED_004_COORDINATOR.personId, dryRun: false, correlationId: 'demo-seed-004' });
  if (report.refused) throw new Error(`The demo's history was refused at line ${report.refused.line}: ${report.refused.code} — ${report.refused.message}`);
  return { loaded: true };
}
