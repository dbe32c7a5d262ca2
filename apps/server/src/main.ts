import 'reflect-metadata';
import { loadConfigOrExit } from './config/app-config';
import { startServer } from './bootstrap';
import { ClusterDirectory } from './clusters/queries/cluster-directory';
import { loadSeed004 } from './demo/load-seed-004';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const { app, url } = await startServer(config);
  const where = config.eventStore.kind === 'sqlite' ? `embedded store at ${config.eventStore.path}` : 'EventStoreDB';
  console.log(`Klaster listening on ${url} (${where}); API docs at ${url}/api/docs`);
  if ((await app.get(ClusterDirectory).all()).length === 0) {
    if (config.demo) {
      await loadSeed004(app);
      console.log('Demo: loaded the seed-004 cluster; POST /api/demo/token {"personId":"elzbieta-nowakowska"} for a token.');
    } else {
      console.log('The store is empty. Load the seed-004 demo cluster with `npm run demo` (or start with DEMO=true).');
    }
  }
}

void main();
