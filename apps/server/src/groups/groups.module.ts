import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GroupCommandHandler } from './commands/execute-group-command';
import { GetGroupHandler, ListClusterGroupsHandler } from './queries/group.queries';
import { GroupsController } from './groups.controller';

@Module({
  imports: [CqrsModule],
  controllers: [GroupsController],
  providers: [GroupCommandHandler, GetGroupHandler, ListClusterGroupsHandler],
})
export class GroupsModule {}
