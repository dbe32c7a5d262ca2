import { removeScratchFolder } from './scratch-folder';

/** jest globalTeardown: stops the PostgreSQL cluster globalSetup started (if it did), removes the run's temporary folder. */
export default function globalTeardown(): void {
  globalThis.klasterTestCluster?.stop();
  removeScratchFolder(globalThis.klasterScratchFolder);
}
