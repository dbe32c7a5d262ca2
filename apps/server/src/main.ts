import 'reflect-metadata';
import { ReadModelsInUse } from '@klaster/projections/store/read-models-lock';
import { loadConfigOrExit } from './config/app-config';
import { ensureReadModelsFree } from './projections/read-models-free';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  ensureReadModelsFree(config.dataDir);
  // The application is loaded only once the settings and the data folder are known to be usable, so
  // a refusal is immediate.
  const { startServer } = await import('./bootstrap');
  const { ClusterDirectory } = await import('./clusters/queries/cluster-directory');
  const { loadSeed004 } = await import('./demo/load-seed-004');
  const { app, url } = await startServer(config);
  const where = config.eventStore.kind === 'sqlite' ? `embedded store at ${config.eventStore.path}` : 'EventStoreDB';
  console.log(`Klaster listening on ${url} (${where}); API docs at ${url}/api/docs`);
  if (await app.get(ClusterDirectory).isEmpty()) {
    if (config.demo) {
      await loadSeed004(app);
      console.log('Demo: loaded the seed-004 cluster; POST /api/demo/token {"personId":"elzbieta-nowakowska"} for a token.');
    } else {
      // Not `npm run demo` beside this server: it would be refused (one process per data folder).
      console.log('The store is empty. To try Klaster with the seed-004 demo cluster, restart this server with DEMO=true.');
    }
  }
}

main().catch((error: unknown) => {
  if (error instanceof ReadModelsInUse) {
    console.error(`${error.message}.`);
    console.error('Stop that process first, or give this server a DATA_DIR of its own.');
  } else {
    console.error('Klaster could not start:', error);
  }
  process.exit(1);
});
