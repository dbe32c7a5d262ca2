import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadsController } from './reads.controller';
import { GetComplianceHandler, GetInboxHandler, GetResolutionHandler } from './reads.queries';

@Module({
  imports: [CqrsModule],
  controllers: [ReadsController],
  providers: [GetComplianceHandler, GetInboxHandler, GetResolutionHandler],
})
export class ReadsModule {}
