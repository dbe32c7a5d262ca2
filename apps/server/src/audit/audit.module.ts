import { Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE, RAW_EVENT_STORE } from '../event-store/event-store.module';
import { ClustersModule } from '../clusters/clusters.module';
import { ClusterDirectory } from '../clusters/queries/cluster-directory';
import { PeopleModule } from '../people/people.module';
import { ClusterParticipants } from '../people/cluster-participants';
import type { SealSettings } from '../config/app-config';
import { AuditAccess } from './audit-access';
import { AuditController } from './audit.controller';
import { PeopleAsSeen } from './people-as-seen';
import { SealKeeper } from './seal-keeper';
import { SealKeyController } from './seal-key.controller';
import { VerificationJobs } from './verification-jobs';
import { DocumentsController } from './documents/documents.controller';

/** The auditors' tools: trail, exports, seals (on demand and on a schedule), proofs, verification, documents. */
@Module({})
export class AuditModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly seals: SealKeeper,
    private readonly directory: ClusterDirectory,
  ) {}

  static forConfig({ seals }: { seals?: SealSettings }): DynamicModule {
    const settings = seals ?? { intervalMs: 0 };
    return {
      module: AuditModule,
      imports: [ClustersModule, PeopleModule],
      controllers: [AuditController, SealKeyController, DocumentsController],
      providers: [
        AuditAccess,
        PeopleAsSeen,
        ClusterParticipants,
        { provide: SealKeeper, inject: [EVENT_STORE], useFactory: (store: EventStore) => new SealKeeper(store, settings) },
        { provide: VerificationJobs, inject: [RAW_EVENT_STORE, SealKeeper], useFactory: (store: EventStore, keeper: SealKeeper) => new VerificationJobs(store, keeper) },
      ],
    };
  }

  onApplicationBootstrap(): void {
    // Only the clusters that moved since their last seal: a round reads no other cluster and no other's log.
    this.seals.start(() => this.directory.unsealed());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.seals.stop();
  }
}
