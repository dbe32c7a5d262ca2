import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ElectionCommandHandler } from './commands/execute-election-command';
import { GetElectionHandler, ListClusterElectionsHandler } from './queries/election.queries';
import { ElectionsController } from './elections.controller';

@Module({
  imports: [CqrsModule],
  controllers: [ElectionsController],
  providers: [ElectionCommandHandler, GetElectionHandler, ListClusterElectionsHandler],
})
export class ElectionsModule {}
