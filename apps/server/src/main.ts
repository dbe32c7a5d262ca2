import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { startServer } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { url } = await startServer(config);
  const where = config.eventStore.kind === 'sqlite' ? `embedded store at ${config.eventStore.path}` : 'EventStoreDB';
  console.log(`Klaster listening on ${url} (${where})`);
}

void main();
