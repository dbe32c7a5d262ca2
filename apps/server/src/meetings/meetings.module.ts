import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { join } from 'node:path';
import { BallotBox } from './ballot-box/ballot-box';
import { MeetingCommandHandler } from './commands/execute-meeting-command';
import { GetMeetingHandler, GetResolutionRegisterHandler, ListClusterMeetingsHandler } from './queries/meeting.queries';
import { MeetingsController } from './meetings.controller';

@Module({})
export class MeetingsModule implements OnApplicationShutdown {
  constructor(private readonly ballotBox: BallotBox) {}

  static forDataDir(dataDir: string): DynamicModule {
    return {
      module: MeetingsModule,
      imports: [CqrsModule],
      controllers: [MeetingsController],
      providers: [
        { provide: BallotBox, useFactory: () => new BallotBox(join(dataDir, 'ballot-box.sqlite')) },
        MeetingCommandHandler,
        GetMeetingHandler,
        GetResolutionRegisterHandler,
        ListClusterMeetingsHandler,
      ],
    };
  }

  onApplicationShutdown(): void {
    this.ballotBox.close();
  }
}
