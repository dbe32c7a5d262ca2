/** jest globalTeardown: stops the PostgreSQL cluster globalSetup started (if it did). */
export default function globalTeardown(): void {
  globalThis.klasterTestCluster?.stop();
}
