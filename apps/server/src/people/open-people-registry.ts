import { sharedStore, type SharedState } from '../shared-state/shared-state';
import type { PeopleRegistry } from './people-registry';
import { PostgresPeopleRegistry } from './postgres-people-registry';
import { SqlitePeopleRegistry } from './sqlite-people-registry';

export function openPeopleRegistry(state: SharedState): Promise<PeopleRegistry> {
  return sharedStore<Promise<PeopleRegistry>>(state, {
    sqlite: async (dir) => SqlitePeopleRegistry.inFolder(dir),
    postgres: (pool) => PostgresPeopleRegistry.open(pool),
  });
}
