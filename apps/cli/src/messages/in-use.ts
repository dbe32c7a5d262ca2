import type { ReadModelsInUse } from '@klaster/projections';
import { say } from './cli-messages';

/** ReadModelsInUse's message in the command line's language (the process holding them names itself, in its own words). */
export function inUseText(error: ReadModelsInUse): string {
  const owner = error.owner;
  return say('readModels.inUse', owner ? { path: error.path, owner: 'given', role: owner.role, pid: owner.pid, since: owner.since } : { path: error.path, owner: 'none' });
}
