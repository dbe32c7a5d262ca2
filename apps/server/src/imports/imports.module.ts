import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ImportRunner } from './import-runner';
import { ImportsController } from './imports.controller';

/** Importing a cluster's past from a file of acts (JSON Lines): the HTTP endpoint and the runner the CLI uses too. */
@Module({
  imports: [CqrsModule],
  controllers: [ImportsController],
  providers: [ImportRunner],
  exports: [ImportRunner],
})
export class ImportsModule {}
