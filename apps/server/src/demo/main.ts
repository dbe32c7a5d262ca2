import 'reflect-metadata';
import { ReadModelsInUse } from '@klaster/projections/store/read-models-lock';
import { loadConfigOrExit } from '../config/app-config';
import { ensureReadModelsFree } from '../projections/read-models-free';

/**
 * `npm run demo`: imports the seed-004 cluster's history into the configured store (no HTTP server needed). It
 * runs the application's own projection runner on the data folder, so it is refused while a server
 * (or anything else) holds that folder's read models.
 */
async function main(): Promise<void> {
  const config = { ...loadConfigOrExit(process.env), processRole: 'the demo loader (npm run demo)' };
  ensureReadModelsFree(config.dataDir);
  // The application is loaded only once the data folder is known to be free: a refusal is immediate.
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../app.module');
  const { loadSeed004 } = await import('./load-seed-004');
  const { SEED_004_COORDINATOR } = await import('./seed-004');
  const app = await NestFactory.createApplicationContext(AppModule.forConfig(config), { logger: ['error', 'warn'], abortOnError: false });
  const { loaded } = await loadSeed004(app);
  await app.close();
  console.log(loaded ? 'Loaded the seed-004 demo cluster (wm-kes) by importing its history: 19 members and their signatures of 21 November 2014, an auditor, and its years 2015–2017.' : 'The seed-004 demo cluster is already there.');
  console.log(`Act as its coordinator with a token for '${SEED_004_COORDINATOR.personId}': npm run cli -- token ${SEED_004_COORDINATOR.personId}`);
}

main().catch((error: unknown) => {
  if (error instanceof ReadModelsInUse) {
    console.error(`${error.message}.`);
    console.error(
      'The demo cannot be loaded beside a running server (its events would be applied to the read models twice). ' +
        'Restart the server with DEMO=true to load the demo at start-up, or stop it and run `npm run demo` again.',
    );
  } else {
    console.error('The demo could not be loaded:', error);
  }
  process.exit(1);
});
