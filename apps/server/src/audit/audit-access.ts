import { Injectable } from '@nestjs/common';
import { forbidden, isAuditor, isCoordinator, isRegistrar, mayRead, notFound, type ClusterState } from '@klaster/domain';
import { ReadModels } from '../projections/read-models.service';

/** Who may use the auditors' tools of a cluster: its auditors, its coordinator and its registrars. */
@Injectable()
export class AuditAccess {
  constructor(private readonly models: ReadModels) {}

  /** The cluster, for a person who may read it (404 otherwise: an outsider learns nothing). */
  reader(clusterId: string, personId: string): ClusterState {
    const cluster = this.models.doc<ClusterState>('clusters', clusterId)?.state;
    if (!cluster || !mayRead(cluster, personId)) throw notFound(`No cluster ${clusterId} that you may read`);
    return cluster;
  }

  /** The cluster, for its auditors, coordinator and registrars (403 for another member's representative). */
  auditor(clusterId: string, personId: string): ClusterState {
    const cluster = this.reader(clusterId, personId);
    if (!(isAuditor(cluster, personId) || isCoordinator(cluster, personId) || isRegistrar(cluster, personId))) {
      throw forbidden(`The audit tools of ${clusterId} are for its auditors, its coordinator and its registrars`, 'not_an_auditor');
    }
    return cluster;
  }
}
