import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { SHARED_STATE, type SharedState } from '../shared-state/shared-state';
import { PeopleController } from './people.controller';
import { PeopleRegistry } from './people-registry';
import { openPeopleRegistry } from './open-people-registry';
import { ClusterParticipants } from './cluster-participants';

@Module({
  imports: [ClustersModule],
  controllers: [PeopleController],
  providers: [{ provide: PeopleRegistry, inject: [SHARED_STATE], useFactory: (state: SharedState) => openPeopleRegistry(state) }, ClusterParticipants],
  exports: [PeopleRegistry],
})
export class PeopleModule implements OnApplicationShutdown {
  constructor(private readonly registry: PeopleRegistry) {}

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}
