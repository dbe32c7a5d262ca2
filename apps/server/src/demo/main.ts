import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfigOrExit } from '../config/app-config';
import { loadSeed004 } from './load-seed-004';
import { SEED_004_COORDINATOR } from './seed-004';

/** `npm run demo`: loads the seed-004 cluster into the configured store (no HTTP server needed). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const app = await NestFactory.createApplicationContext(AppModule.forConfig(config), { logger: ['error', 'warn'] });
  const { loaded } = await loadSeed004(app);
  await app.close();
  console.log(loaded ? 'Loaded the seed-004 demo cluster (wm-kes): 19 members, 19 signatures, 1 auditor.' : 'The seed-004 demo cluster is already there.');
  console.log(`Act as its coordinator with a token for '${SEED_004_COORDINATOR.personId}': npm run cli -- token ${SEED_004_COORDINATOR.personId}`);
}

void main();
