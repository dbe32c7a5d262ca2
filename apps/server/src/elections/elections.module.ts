import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ElectionCommandHandler } from './commands/execute-election-command';
import { GetElectionHandler } from './queries/election.queries';
import { ElectionsController } from './elections.controller';

@Module({
  imports: [CqrsModule],
  controllers: [ElectionsController],
  providers: [ElectionCommandHandler, GetElectionHandler],
})
export class ElectionsModule {}
