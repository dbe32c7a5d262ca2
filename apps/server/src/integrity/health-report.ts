import { describeDamage } from '@klaster/event-store';
import { damageJson } from './damage-error-body';
import type { IntegrityService } from './integrity.service';

const str = (p: bigint | undefined) => (p === undefined ? null : p.toString());

/** GET /health: positions as decimal strings; `problems` says in words what an operator must look at. */
export function healthOf(store: string, head: bigint, integrity: ReturnType<IntegrityService['report']>) {
  const { verifiedThrough, startup, background, damaged, readModels } = integrity;
  const documents = readModels.damaged.map((d) => ({ collection: d.collection, key: d.key, ...damageJson(d) }));
  const problems = [
    ...damaged.map((d) => `Damaged record (found by the ${d.foundBy}): ${describeDamage(d)}`),
    ...readModels.damaged
      .filter((d) => d.problem.kind === 'projection_failed')
      .map((d) => `The ${d.collection} read model of '${d.key}' stopped at position ${d.position}: ${damageJson(d).detail}`),
    ...(readModels.failing ? [`The read models are not keeping up (retrying since ${readModels.failing.since.toISOString()}): ${readModels.failing.message}`] : []),
    ...(startup?.error ? [`The log could not be checked at start: ${startup.error}`] : []),
    ...(background.state === 'failed' ? [`The background verification of the log failed: ${background.error}`] : []),
  ];
  return {
    status: problems.length === 0 ? ('ok' as const) : ('degraded' as const),
    store,
    headPosition: head.toString(),
    ...(problems.length ? { problems } : {}),
    damaged: damaged.map((d) => ({ ...damageJson(d), foundBy: d.foundBy, foundAt: d.foundAt })),
    verification: {
      verifiedThrough: str(verifiedThrough),
      startup: startup && { ...startup, fromPosition: str(startup.fromPosition), toPosition: str(startup.toPosition) },
      background: {
        ...background,
        fromPosition: str(background.fromPosition),
        position: str(background.position),
        target: str(background.target),
        percent: background.target > 0n ? Number((background.position * 100n) / background.target) : 100,
      },
    },
    readModels: {
      position: str(readModels.position),
      damagedDocuments: documents,
      ...(readModels.failing ? { failing: { ...readModels.failing, since: readModels.failing.since.toISOString() } } : {}),
    },
  };
}
