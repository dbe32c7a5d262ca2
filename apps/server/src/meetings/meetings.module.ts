import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BallotBox } from './ballot-box/ballot-box';
import { openSecretBallotKeys } from './ballot-box/open-secret-ballot-keys';
import { MeetingCommandHandler } from './commands/execute-meeting-command';
import { GetMeetingHandler, GetResolutionRegisterHandler, ListClusterMeetingsHandler } from './queries/meeting.queries';
import { MeetingsController } from './meetings.controller';
import { SHARED_STATE, type SharedState } from '../shared-state/shared-state';

@Module({
  imports: [CqrsModule],
  controllers: [MeetingsController],
  providers: [
    // The secret-ballot keys live in the shared state: a ballot sealed on one instance is opened on another.
    { provide: BallotBox, inject: [SHARED_STATE], useFactory: async (state: SharedState) => new BallotBox(await openSecretBallotKeys(state)) },
    MeetingCommandHandler,
    GetMeetingHandler,
    GetResolutionRegisterHandler,
    ListClusterMeetingsHandler,
  ],
})
export class MeetingsModule implements OnApplicationShutdown {
  constructor(private readonly ballotBox: BallotBox) {}

  async onApplicationShutdown(): Promise<void> {
    await this.ballotBox.close();
  }
}
