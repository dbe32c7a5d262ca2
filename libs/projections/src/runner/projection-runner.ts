import { EventEmitter } from 'node:events';
import { DamagedEvent, START, type EventDamage, type EventStore, type SubscriptionMessage } from '@klaster/event-store';
import type { Projection } from '../read-models/projection';
import type { DocumentDamage, ReadModelStore } from '../store/read-model-store';
import { Batch, ProjectionFailed } from './batch';

export type { AppliedEvent } from './batch';
export { ProjectionFailed } from './batch';

/** The server's runner's checkpoint name; a rebuild writes the same one, so the server resumes after it. */
export const READ_MODELS_CHECKPOINT = 'read-models';
/** Events committed per transaction while catching up (short transactions: the server answers queries meanwhile). */
export const CATCH_UP_BATCH_SIZE = 1_000;

export interface ProjectionRunnerOptions {
  /** Name of the checkpoint (one per runner). */
  name?: string;
  /** While catching up, events are committed in batches of this size. */
  batchSize?: number;
  /** Backoff before resubscribing after the subscription failed: first delay, then doubling, capped. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * How many times in a row a projection may throw on the same event before its document is marked
   * damaged and left behind (the other documents go on). A projection is pure, so this is for a
   * bug (or an event the code cannot read); the first attempts cover anything passing.
   */
  maxProjectionAttempts?: number;
  onError?: (error: unknown) => void;
}

/** Why the runner is not keeping up right now (it retries with backoff), for health reports. */
export interface RunnerFailure {
  message: string;
  since: Date;
  attempts: number;
}

/**
 * Feeds the read models from the store's subscription to all events — never from command handlers —
 * one event at a time, in position order. Documents and the checkpoint commit in one transaction
 * (batched while catching up; once live, whatever the subscription delivered at once), so a restart resumes exactly after the last
 * committed event: none applied twice, none skipped. Emits 'applied' after each commit.
 *
 * A damaged event (the subscription ends with DamagedEvent) stops only the documents it was for:
 * they are marked damaged with the events before it committed, and the runner goes on after it with
 * every other stream; later events of a damaged document's stream are not applied to it. Emits
 * 'damaged' with the documents newly marked.
 */
export class ProjectionRunner extends EventEmitter {
  private readonly name: string;
  private readonly batchSize: number;
  private running = false;
  private subscription: { stop(): Promise<void> } | undefined;
  private loop: Promise<void> | undefined;
  private committed: bigint = START;
  private live = false;
  private waiters: { position: bigint; resolve: () => void }[] = [];
  private wakeFromBackoff: (() => void) | undefined;
  private failing: RunnerFailure | undefined;
  /** The document a projection keeps throwing on, and how many times it did on that event. */
  private projectionFailure: { at: string; attempts: number } | undefined;
  /** Documents whose projection gave up on an event: the next batch marks them damaged. */
  private readonly givenUp = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly models: ReadModelStore,
    private readonly projections: Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.name = options.name ?? READ_MODELS_CHECKPOINT;
    this.batchSize = options.batchSize ?? CATCH_UP_BATCH_SIZE;
  }

  /** The position of the last event the read models reflect. */
  get position(): bigint {
    return this.committed;
  }

  get isLive(): boolean {
    return this.live;
  }

  /** Set while the runner fails and retries (e.g. the log cannot be read at all); cleared by the next commit. */
  get failure(): RunnerFailure | undefined {
    return this.failing;
  }

  /**
   * A damaged event found outside this runner's reading (by verification, or by a read of its stream):
   * the documents it is for stop following their stream at once, as if the runner had met it.
   */
  markDamaged(damage: EventDamage): DocumentDamage[] {
    const marked = this.models.markDamaged(Batch.documentsOf(damage, this.projections));
    if (marked.length) this.emit('damaged', marked);
    return marked;
  }

  /** Every document that no longer follows its stream, and why. */
  damages(): DocumentDamage[] {
    return this.models.damages();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.committed = this.models.checkpoint(this.name) ?? START;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeFromBackoff?.();
    await this.subscription?.stop();
    await this.loop;
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  /** Resolves once the read models reflect `position` (true), or after the timeout (false). */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.committed >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve: () => resolve(this.committed >= position) };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(this.committed >= position);
      }, timeoutMs).unref();
    });
  }

  /** Until caught up: one batch at a time. Resolves once the runner has reached the log's head. */
  async caughtUp(timeoutMs = 60_000): Promise<boolean> {
    return this.waitFor(await this.store.headPosition(), timeoutMs);
  }

  private async run(): Promise<void> {
    let delay = this.options.retryDelayMs ?? 100;
    while (this.running) {
      try {
        await this.consume();
        delay = this.options.retryDelayMs ?? 100;
      } catch (error) {
        if (!this.running) break;
        this.failing = { message: (error as Error)?.message ?? String(error), since: this.failing?.since ?? new Date(), attempts: (this.failing?.attempts ?? 0) + 1 };
        if (error instanceof ProjectionFailed) this.countProjectionFailure(error);
        this.options.onError?.(error);
        // Resubscribe from the committed checkpoint; anything uncommitted is simply read again.
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
    const subscription = this.store.subscribeToAll({ fromPosition: this.committed });
    this.subscription = subscription;
    this.live = false;
    const batch = new Batch(this.models);
    // Once live, events are committed when the subscription has nothing more at hand (setImmediate
    // runs after the events already read have been applied), so a group commit of many appends
    // costs one read-model transaction, and a lone event is committed at once all the same.
    let scheduled: NodeJS.Immediate | undefined;
    let failure: unknown;
    const commitSoon = () => {
      scheduled ??= setImmediate(() => {
        scheduled = undefined;
        try {
          this.commit(batch);
        } catch (error) {
          failure ??= error;
          void subscription.stop();
        }
      });
    };
    try {
      for await (const message of subscription as AsyncIterable<SubscriptionMessage>) {
        if (!this.running || failure) break;
        if (message.kind === 'event') {
          batch.apply(message.event, this.projections, this.hasGivenUp);
          if (batch.size >= this.batchSize) this.commit(batch);
          else if (this.live) commitSoon();
        } else {
          if (message.kind === 'caught_up') {
            this.live = true;
            this.failing = undefined;
          }
          this.commit(batch, message.position);
        }
      }
      if (failure) throw failure;
      // A clean end (stopped, or the subscription ended): every applied event is whole, keep them.
      this.commit(batch);
    } catch (error) {
      if (!(error instanceof DamagedEvent) || failure) throw error;
      // Everything before the damaged event is whole: commit it with the documents the damaged event
      // was for marked, the checkpoint past it; run() then subscribes again from there at once.
      batch.damage(error.damage, this.projections);
      this.commit(batch);
    } finally {
      // After a failure, whatever is uncommitted is dropped and read again from the checkpoint.
      if (scheduled) clearImmediate(scheduled);
    }
  }

  private readonly hasGivenUp = (collection: string, key: string) => this.givenUp.has(`${collection}\u0000${key}`);

  /** A projection threw on the same event and document again: after maxProjectionAttempts, give that document up. */
  private countProjectionFailure(error: ProjectionFailed): void {
    const at = `${error.collection}\u0000${error.key}\u0000${error.event.position}`;
    const attempts = this.projectionFailure?.at === at ? this.projectionFailure.attempts + 1 : 1;
    this.projectionFailure = { at, attempts };
    if (attempts >= (this.options.maxProjectionAttempts ?? 3)) this.givenUp.add(`${error.collection}\u0000${error.key}`);
  }

  private commit(batch: Batch, position?: bigint): void {
    const upTo = batch.lastPosition ?? position;
    if (upTo === undefined || upTo <= this.committed) return;
    const damaged = batch.damaged;
    const applied = batch.commit(this.name, upTo);
    this.committed = upTo;
    this.failing = undefined;
    for (const d of damaged) this.givenUp.delete(`${d.collection}\u0000${d.key}`);
    if (damaged.length) this.emit('damaged', damaged);
    for (const a of applied) this.emit('applied', a);
    const ready = this.waiters.filter((w) => w.position <= upTo);
    this.waiters = this.waiters.filter((w) => w.position > upTo);
    for (const w of ready) w.resolve();
  }
}
