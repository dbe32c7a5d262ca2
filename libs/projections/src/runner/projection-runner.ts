import { EventEmitter } from 'node:events';
import { START, type EventStore, type RecordedEvent, type SubscriptionMessage } from '@klaster/event-store';
import type { Projection } from '../read-models/projection';
import type { ReadModelStore, StoredDocument } from '../store/read-model-store';

/** One applied event and the documents it changed, as the runner announces it after committing. */
export interface AppliedEvent {
  event: RecordedEvent;
  changes: StoredDocument[];
}

export interface ProjectionRunnerOptions {
  /** Name of the checkpoint (one per runner). */
  name?: string;
  /** While catching up, events are committed in batches of this size. */
  batchSize?: number;
  /** Backoff before resubscribing after the subscription failed: first delay, then doubling, capped. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Feeds the read models from the store's subscription to all events — never from command handlers —
 * one event at a time, in position order. Documents and the checkpoint commit in one transaction
 * (batched while catching up, per event once live), so a restart resumes exactly after the last
 * committed event: none applied twice, none skipped. Emits 'applied' after each commit.
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

  constructor(
    private readonly store: EventStore,
    private readonly models: ReadModelStore,
    private readonly projections: Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.name = options.name ?? 'read-models';
    this.batchSize = options.batchSize ?? 1_000;
  }

  /** The position of the last event the read models reflect. */
  get position(): bigint {
    return this.committed;
  }

  get isLive(): boolean {
    return this.live;
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
    for await (const message of subscription as AsyncIterable<SubscriptionMessage>) {
      if (!this.running) break;
      if (message.kind === 'event') {
        batch.apply(message.event, this.projections);
        if (this.live || batch.size >= this.batchSize) this.commit(batch);
      } else {
        if (message.kind === 'caught_up') this.live = true;
        this.commit(batch, message.position);
      }
    }
  }

  private commit(batch: Batch, position?: bigint): void {
    const upTo = batch.lastPosition ?? position;
    if (upTo === undefined || upTo <= this.committed) return;
    const applied = batch.drain();
    this.models.commit(this.name, upTo, batch.writesOf(applied));
    this.committed = upTo;
    for (const a of applied) this.emit('applied', a);
    const ready = this.waiters.filter((w) => w.position <= upTo);
    this.waiters = this.waiters.filter((w) => w.position > upTo);
    for (const w of ready) w.resolve();
  }
}

/** Events applied but not yet committed, with the documents they changed (latest version of each). */
class Batch {
  private applied: AppliedEvent[] = [];
  private readonly pending = new Map<string, StoredDocument>();
  lastPosition: bigint | undefined;

  constructor(private readonly models: ReadModelStore) {}

  get size(): number {
    return this.applied.length;
  }

  apply(event: RecordedEvent, projections: Projection[]): void {
    const changes: StoredDocument[] = [];
    for (const projection of projections) {
      const key = projection.keyOf(event);
      if (key === undefined) continue;
      const id = `${projection.collection}\u0000${key}`;
      const before = this.pending.get(id)?.doc ?? this.models.get(projection.collection, key);
      const doc = projection.apply(before, event);
      const change = { collection: projection.collection, key, clusterId: projection.clusterIdOf(doc), doc };
      this.pending.set(id, change);
      changes.push(change);
    }
    this.applied.push({ event, changes });
    this.lastPosition = event.position;
  }

  drain(): AppliedEvent[] {
    const applied = this.applied;
    this.applied = [];
    this.lastPosition = undefined;
    return applied;
  }

  writesOf(_applied: AppliedEvent[]): StoredDocument[] {
    const writes = [...this.pending.values()];
    this.pending.clear();
    return writes;
  }
}
