import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { OverlayEventStore, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { EVENT_STORE } from '../event-store/event-store.module';
import { ClusterCommandHandler } from '../clusters/commands/execute-cluster-command';
import { MeetingCommandHandler } from '../meetings/commands/execute-meeting-command';
import { GroupCommandHandler } from '../groups/commands/execute-group-command';
import { ElectionCommandHandler } from '../elections/commands/execute-election-command';
import { BallotBox } from '../meetings/ballot-box/ballot-box';
import { ScratchBallotKeys } from './scratch-ballot-keys';
import { CommandConsequences } from '../reactors/command-consequences';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import { reactions } from '../reactors/reactions';

/** The reactor's work is done by the scratch itself after each act (see ScratchContext.react). */
const noWait: Pick<CommandConsequences, 'followed'> = { followed: async (outcome: CommandOutcome) => outcome };

@Module({})
class ScratchModule {
  static over(store: EventStore, ballotBox: BallotBox): DynamicModule {
    return {
      module: ScratchModule,
      imports: [CqrsModule],
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: BallotBox, useValue: ballotBox },
        { provide: CommandConsequences, useValue: noWait },
        ClusterCommandHandler,
        MeetingCommandHandler,
        GroupCommandHandler,
        ElectionCommandHandler,
      ],
    };
  }
}

/**
 * The real command handlers on a scratch copy of the log: an overlay of the real store (each stream
 * copied the first time it is touched) and a ballot box in memory. Commands are decided by the real
 * deciders on the real handlers' facts; nothing reaches the real store.
 */
export class ScratchContext {
  private reacted = 0;

  private constructor(
    private readonly context: INestApplicationContext,
    readonly store: OverlayEventStore,
    private readonly ballotBox: BallotBox,
  ) {}

  static async over(base: EventStore, realBallotBox: BallotBox): Promise<ScratchContext> {
    const store = await OverlayEventStore.over(base);
    const ballotBox = new BallotBox(new ScratchBallotKeys(realBallotBox.keys));
    const context = await NestFactory.createApplicationContext(ScratchModule.over(store, ballotBox), { logger: false });
    return new ScratchContext(context, store, ballotBox);
  }

  get commandBus(): CommandBus {
    return this.context.get(CommandBus);
  }

  /**
   * What the reactor would write in consequence of everything appended since the last call (a closed
   * vote's number, an elected leader), written here in log order — consequences of consequences too.
   */
  async react(): Promise<RecordedEvent[]> {
    const written: RecordedEvent[] = [];
    while (this.reacted < this.store.appended.length) {
      const event = this.store.appended[this.reacted++];
      for (const reaction of reactions) {
        if (!reaction.triggers.includes(event.type)) continue;
        const before = this.store.appended.length;
        await reaction.react(event, this.store);
        written.push(...this.store.appended.slice(before));
      }
    }
    return written;
  }

  async close(): Promise<void> {
    await this.context.close();
    await this.ballotBox.close();
    await this.store.close();
  }
}
