import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { agreementTextHash, agreementTextSchema, clusterCommandBodies, type ClusterCommand } from '@klaster/domain';
import { ExecuteClusterCommand } from '../clusters/commands/execute-cluster-command';
import { ClusterDirectory } from '../clusters/queries/cluster-directory';
import { PeopleRegistry } from '../people/people-registry';
import { loadDemoYear } from './demo-year';
import {
  SEED_004_AUDITORS,
  SEED_004_CLUSTER_ID,
  SEED_004_COORDINATOR,
  SEED_004_SIGNED_AT,
  seed004Founding,
  seed004People,
  seed004Signatories,
} from './seed-004';

/**
 * Loads the seed-004 cluster through the same CommandBus the HTTP API uses, with the acts' historical
 * times. Each act has a fixed idempotency key, so loading twice writes nothing new.
 */
export async function loadSeed004(app: INestApplicationContext): Promise<{ loaded: boolean }> {
  if ((await app.get(ClusterDirectory).all()).some((c) => c.clusterId === SEED_004_CLUSTER_ID)) return { loaded: false };
  const people = app.get(PeopleRegistry);
  for (const person of seed004People) await people.upsert(person);

  const bus = app.get(CommandBus);
  const act = (key: string, command: ClusterCommand) =>
    bus.execute(new ExecuteClusterCommand(command, { actor: command.actor, correlationId: 'demo-seed-004', idempotencyKey: `demo-004:${key}` }));

  const founding = clusterCommandBodies.FoundCluster.parse(seed004Founding);
  await act('found', { type: 'FoundCluster', ...founding, actor: SEED_004_COORDINATOR.personId, at: SEED_004_SIGNED_AT });
  const textHash = agreementTextHash(agreementTextSchema.parse(seed004Founding.agreement));
  for (const { memberId, personId } of seed004Signatories) {
    await act(`sign:${memberId}`, { type: 'SignAgreement', clusterId: SEED_004_CLUSTER_ID, memberId, textHash, actor: personId, at: SEED_004_SIGNED_AT });
  }
  for (const { personId } of SEED_004_AUDITORS) {
    await act(`auditor:${personId}`, {
      type: 'AppointAuditor',
      clusterId: SEED_004_CLUSTER_ID,
      personId,
      actor: SEED_004_COORDINATOR.personId,
      at: '2015-01-15T10:00:00.000Z',
    });
  }
  await loadDemoYear(bus);
  return { loaded: true };
}
