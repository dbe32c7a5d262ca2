import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClusterCommandHandler } from './commands/execute-cluster-command';
import { GetClusterHandler, ListClustersHandler } from './queries/cluster.queries';
import { ClustersController } from './clusters.controller';
import { ClusterDirectory } from './queries/cluster-directory';
import { GetClusterBodiesHandler } from './queries/bodies.queries';

@Module({
  imports: [CqrsModule],
  controllers: [ClustersController],
  providers: [ClusterCommandHandler, GetClusterHandler, ListClustersHandler, GetClusterBodiesHandler, ClusterDirectory],
  exports: [ClusterDirectory],
})
export class ClustersModule {}
