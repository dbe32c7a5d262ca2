import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadsController } from './reads.controller';
import { GetComplianceHandler, GetInboxHandler, GetResolutionHandler } from './reads.queries';
import { GetClusterRecordedActsHandler, GetMeetingRecordedActsHandler } from './recorded-acts';

@Module({
  imports: [CqrsModule],
  controllers: [ReadsController],
  providers: [GetComplianceHandler, GetInboxHandler, GetResolutionHandler, GetClusterRecordedActsHandler, GetMeetingRecordedActsHandler],
})
export class ReadsModule {}
