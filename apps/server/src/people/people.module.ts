import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { ClustersModule } from '../clusters/clusters.module';
import { PeopleController } from './people.controller';
import { PeopleRegistry } from './people.registry';
import { ClusterParticipants } from './cluster-participants';

@Module({})
export class PeopleModule implements OnApplicationShutdown {
  constructor(private readonly registry: PeopleRegistry) {}

  static forDataDir(dataDir: string): DynamicModule {
    return {
      module: PeopleModule,
      imports: [ClustersModule],
      controllers: [PeopleController],
      providers: [{ provide: PeopleRegistry, useFactory: () => new PeopleRegistry(join(dataDir, 'people.sqlite')) }, ClusterParticipants],
      exports: [PeopleRegistry],
    };
  }

  onApplicationShutdown(): void {
    this.registry.close();
  }
}
