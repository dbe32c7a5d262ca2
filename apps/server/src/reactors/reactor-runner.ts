import { EventEmitter } from 'node:events';
import { LRUCache } from 'lru-cache';
import { Rejection } from '@klaster/domain';
import { DamagedEvent, START, StreamNotFound, type EventStore, type RecordedEvent, type SubscriptionMessage } from '@klaster/event-store';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import type { Reaction } from './reaction';
import type { ReactorCheckpoints } from './reactor-checkpoints';

export interface ReactorRunnerOptions {
  name?: string;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  log?: { warn(message: string): void; error(message: string): void };
}

/** The consequences of one command, followed through its reactions (and theirs), as far as they got in time. */
export interface Consequences {
  outcomes: CommandOutcome[];
  /** False when the wait ran out before every consequence was written (they will still be written). */
  settled: boolean;
}

/**
 * The reactor: a projection whose output is commands. It follows the log from its own checkpoint
 * (the store's subscription, filtered to the events some reaction wants), hands each event to its
 * reactions one at a time in log order, and saves its checkpoint after each. The commands it issues
 * derive their event ids from the event they react to, so after a crash between a reaction's append
 * and the checkpoint the reaction runs again and writes nothing new.
 */
export class ReactorRunner extends EventEmitter {
  private readonly name: string;
  private readonly triggers: Set<string>;
  private running = false;
  private subscription: { stop(): Promise<void> } | undefined;
  private loop: Promise<void> | undefined;
  private checkpoint: bigint = START;
  private savedAt = 0;
  private waiters: { position: bigint; resolve: () => void }[] = [];
  private wakeFromBackoff: (() => void) | undefined;
  /** What the reactions wrote in answer to each event (`stream@revision`), for commands awaiting their consequences. */
  private readonly written = new LRUCache<string, CommandOutcome[]>({ max: 10_000 });

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: ReactorCheckpoints,
    private readonly reactions: readonly Reaction[],
    private readonly options: ReactorRunnerOptions = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.name = options.name ?? 'reactor';
    this.triggers = new Set(reactions.flatMap((r) => r.triggers));
  }

  get position(): bigint {
    return this.checkpoint;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.checkpoint = this.checkpoints.get(this.name) ?? START;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeFromBackoff?.();
    await this.subscription?.stop();
    await this.loop;
    if (this.checkpoint > (this.checkpoints.get(this.name) ?? START)) this.checkpoints.set(this.name, this.checkpoint);
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  /** Whether a command that wrote these events has consequences to wait for. */
  triggeredBy(outcome: Pick<CommandOutcome, 'events'>): boolean {
    return outcome.events.some((e) => this.triggers.has(e.type));
  }

  /**
   * Waits (bounded) until the reactions to what a command wrote — and the reactions to those — have
   * been written, and returns them, so a command's answer can include its consequences (the number of
   * a closed vote, the leader an election installed).
   */
  async consequencesOf(outcome: CommandOutcome, timeoutMs: number): Promise<Consequences> {
    const deadline = Date.now() + timeoutMs;
    const outcomes: CommandOutcome[] = [];
    const pending = [outcome];
    while (pending.length > 0) {
      const next = pending.shift()!;
      if (!this.triggeredBy(next) || next.position === 0n) continue;
      if (!(await this.waitFor(next.position, deadline - Date.now()))) return { outcomes, settled: false };
      const first = next.revision - BigInt(next.events.length) + 1n;
      for (let revision = first; revision <= next.revision; revision++) {
        for (const written of this.written.get(`${next.streamId}@${revision}`) ?? []) {
          outcomes.push(written);
          pending.push(written);
        }
      }
    }
    return { outcomes, settled: true };
  }

  /** Resolves true once the reactor has handled every event up to `position`, false after the timeout. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.checkpoint >= position) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = { position, resolve: () => resolve(this.checkpoint >= position) };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(this.checkpoint >= position);
      }, timeoutMs).unref();
    });
  }

  private async run(): Promise<void> {
    let delay = this.options.retryDelayMs ?? 100;
    while (this.running) {
      try {
        await this.consume();
        delay = this.options.retryDelayMs ?? 100;
      } catch (error) {
        if (!this.running) break;
        if (error instanceof DamagedEvent) {
          // A damaged record stops only what depends on it: its consequences are not written, the
          // reactor goes on past it (the integrity check reports it in /health and the log).
          this.options.log?.error(`reactor ${this.name}: skipping a damaged event: ${error.message}`);
          this.advance(error.damage.position, true);
          continue;
        }
        this.options.log?.warn(`reactor ${this.name}: resubscribing from ${this.checkpoint} after: ${(error as Error).message}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wakeFromBackoff = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        delay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 5_000);
      }
    }
  }

  private async consume(): Promise<void> {
    const subscription = this.store.subscribeToAll({ fromPosition: this.checkpoint, filter: { eventTypes: [...this.triggers] } });
    this.subscription = subscription;
    for await (const message of subscription as AsyncIterable<SubscriptionMessage>) {
      if (!this.running) break;
      if (message.kind === 'event') {
        await this.handle(message.event);
        this.advance(message.event.position, true);
      } else {
        this.advance(message.position, false);
      }
    }
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const outcomes: CommandOutcome[] = [];
    for (const reaction of this.reactions) {
      if (!reaction.triggers.includes(event.type)) continue;
      faultPoint('reactor-before-append');
      try {
        for (const outcome of await reaction.react(event, this.store)) {
          // Nothing new written: another instance's reactor (or this one before a crash) got there first.
          outcomes.push(outcome.events.length > 0 ? outcome : ((await this.writtenEarlier(outcome.streamId, event)) ?? outcome));
        }
      } catch (error) {
        // A refusal is the domain's answer and would be the same on every retry, and a damaged record
        // the reaction must read stays damaged: report it and go on. Anything else (the store
        // unavailable…) ends the subscription, which resumes from the checkpoint.
        if (!(error instanceof Rejection || error instanceof DamagedEvent)) throw error;
        this.options.log?.error(`reaction ${reaction.name} to ${event.type} at ${event.position} (${event.streamId}) was refused: ${error.message}`);
      }
      faultPoint('reactor-after-append');
    }
    this.written.set(`${event.streamId}@${event.revision}`, outcomes.filter((o) => o.events.length > 0));
  }

  /**
   * What was already written on `streamId` in reaction to `cause` (its causation), so a command's answer
   * lists its consequences whichever instance's reactor wrote them. Reads back only to the cause: a
   * consequence comes after it in the log.
   */
  private async writtenEarlier(streamId: string, cause: RecordedEvent): Promise<CommandOutcome | undefined> {
    const found: RecordedEvent[] = [];
    try {
      for await (const recorded of this.store.readStream(streamId, { direction: 'backwards' })) {
        if (recorded.position <= cause.position) break;
        if (recorded.metadata.causationId === cause.id) found.unshift(recorded);
      }
    } catch (error) {
      if (error instanceof StreamNotFound) return undefined;
      throw error;
    }
    const last = found.at(-1);
    if (!last) return undefined;
    return { streamId, revision: last.revision, position: last.position, events: found.map((e) => ({ type: e.type, data: e.data })) };
  }

  /**
   * Moves the checkpoint. After a reaction it is saved at once; progress past events no reaction wants
   * is saved at most once a second (losing it costs only a re-read: reactions are idempotent).
   */
  private advance(position: bigint, reacted: boolean): void {
    if (position <= this.checkpoint) return;
    if (reacted || Date.now() - this.savedAt >= 1_000) {
      this.checkpoints.set(this.name, position);
      this.savedAt = Date.now();
    }
    this.checkpoint = position;
    const ready = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    for (const w of ready) w.resolve();
  }
}

/**
 * Fault injection for the crash tests (`KLASTER_FAULT=reactor-before-append` or `reactor-after-append`):
 * the process kills itself at that point, as a power cut would. Never set in production.
 */
function faultPoint(point: string): void {
  if (process.env.KLASTER_FAULT === point) process.kill(process.pid, 'SIGKILL');
}
