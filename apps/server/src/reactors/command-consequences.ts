import { Inject, Injectable } from '@nestjs/common';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import { ReactorRunner } from './reactor-runner';

/** Injection token: how long a command's answer waits for its consequences (READ_YOUR_WRITE_TIMEOUT_MS). */
export const CONSEQUENCES_TIMEOUT_MS = Symbol('CONSEQUENCES_TIMEOUT_MS');

/**
 * A command's answer waits (bounded), as read-your-write does, for the consequences the reactor
 * writes on other streams — so closing a vote answers with its resolution number. When the wait runs
 * out the answer says so; the consequences are written all the same.
 */
@Injectable()
export class CommandConsequences {
  constructor(
    private readonly reactor: ReactorRunner,
    @Inject(CONSEQUENCES_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async followed(outcome: CommandOutcome): Promise<CommandOutcome> {
    if (!this.reactor.triggeredBy(outcome)) return outcome;
    const { outcomes, settled } = await this.reactor.consequencesOf(outcome, this.timeoutMs);
    return { ...outcome, consequences: outcomes, ...(settled ? {} : { consequencesPending: true }) };
  }
}
