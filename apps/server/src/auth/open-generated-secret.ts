import { sharedStore, type SharedState } from '../shared-state/shared-state';
import { FileGeneratedSecret } from './file-generated-secret';
import type { GeneratedSecret } from './generated-secret';
import { PostgresGeneratedSecret } from './postgres-generated-secret';

export function openGeneratedSecret(state: SharedState): Promise<GeneratedSecret> {
  return sharedStore<Promise<GeneratedSecret>>(state, {
    sqlite: async (dir) => FileGeneratedSecret.inFolder(dir),
    postgres: (pool) => PostgresGeneratedSecret.open(pool),
  });
}

/** The token secret the server signs and verifies with: JWT_SECRET, or the generated one. */
export async function tokenSecret(auth: { kind: 'secret'; secret: string } | { kind: 'generated-secret' }, state: SharedState): Promise<string> {
  if (auth.kind === 'secret') return auth.secret;
  return (await openGeneratedSecret(state)).readOrCreate();
}
