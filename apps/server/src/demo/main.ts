import 'reflect-metadata';
import { loadConfigOrExit } from '../config/app-config';
import { holdDataFolder } from '../imports/import-cli';
import { loadSeed004 } from './load-seed-004';
import { SEED_004_COORDINATOR } from './seed-004';

/** `npm run demo`: imports the seed-004 cluster's history into the configured store (no HTTP server needed). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const app = await holdDataFolder(config);
  if (!app) {
    console.error('Stop the server and run `npm run demo` again, or restart it with DEMO=true.');
    process.exitCode = 1;
    return;
  }
  const { loaded } = await loadSeed004(app);
  await app.close();
  console.log(loaded ? 'Imported the seed-004 demo cluster (wm-kes): 19 members and their signatures of 21 November 2014, an auditor, and its years 2015–2017.' : 'The seed-004 demo cluster is already there.');
  console.log(`Act as its coordinator with a token for '${SEED_004_COORDINATOR.personId}': npm run cli -- token ${SEED_004_COORDINATOR.personId}`);
}

void main();
