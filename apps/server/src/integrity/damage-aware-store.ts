import {
  DamagedEvent,
  readsJsonText,
  type JsonTextReader,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@klaster/event-store';
import type { DamageRegistry } from './damage-registry';

/**
 * The port as the application uses it: a stream known to hold a damaged event is neither read nor
 * appended to (DamagedEvent, 503 record_damaged) even when the part read would not reach the damage
 * (a command folding from its cache, a time-travel read to an earlier point), and every damaged
 * event a read meets is recorded. The adapter underneath checks every event it reads.
 */
export class DamageAwareEventStore implements EventStore {
  /** The embedded store's read with stored JSON (an export's), when the adapter has one; its damage noted as readAll's. */
  readonly readAllWithJson?: JsonTextReader['readAllWithJson'];

  constructor(
    private readonly inner: EventStore & { kind: string },
    private readonly registry: DamageRegistry,
  ) {
    if (readsJsonText(inner)) this.readAllWithJson = (options) => this.recording(inner.readAllWithJson(options));
  }

  get kind(): string {
    return this.inner.kind;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const known = this.registry.forStream(streamId);
    if (known) return Promise.reject(new DamagedEvent(known));
    return this.inner.append(streamId, events, options).catch((error: unknown) => {
      throw this.noted(error);
    });
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    const known = this.registry.forStream(streamId);
    if (known) throw new DamagedEvent(known);
    yield* this.recording(this.inner.readStream(streamId, options));
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.recording(this.inner.readAll(options));
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  headPosition(): Promise<GlobalPosition> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async *recording<T>(events: AsyncIterable<T>): AsyncIterable<T> {
    try {
      yield* events;
    } catch (error) {
      throw this.noted(error);
    }
  }

  private noted(error: unknown): unknown {
    if (error instanceof DamagedEvent) this.registry.record(error.damage, 'read');
    return error;
  }
}
