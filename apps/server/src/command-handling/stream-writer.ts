import { v5 as uuidv5 } from 'uuid';
import { WrongExpectedVersion, type EventStore, type JsonValue, type NewEvent } from '@klaster/event-store';
import { conflict, preconditionFailed, ruleBroken, schemaVersionOf, type Decider } from '@klaster/domain';
import { load, rememberState, type LoadedStream } from './load-stream';

/** Namespace for event ids derived from an idempotency key (UUIDv5). */
const EVENT_ID_NAMESPACE = '5b3f6f0e-9a51-4c1e-8d3b-0c1f6b8e2a77';
/** Attempts against writers in other processes (a conflict this process cannot queue away). */
const MAX_ATTEMPTS = 8;
/** Commands decided together and written in one append. */
const MAX_BATCH = 500;

export interface DomainEvent {
  type: string;
  data: unknown;
}

export interface CommandOutcome {
  streamId: string;
  /** The stream's revision after the command (decimal string in JSON). */
  revision: bigint;
  /** Global position of the last event written, for read-your-own-write (0 when nothing was written). */
  position: bigint;
  events: DomainEvent[];
  /** What the reactor wrote on other streams (or this one) in consequence, when the command waited for it. */
  consequences?: CommandOutcome[];
  /** True when the answer stopped waiting before every consequence was written. */
  consequencesPending?: boolean;
}

export interface ExecuteOptions {
  actor: string;
  correlationId: string;
  /** From If-Match: the client acts only if the stream is still at this revision (else 412). */
  expectedRevision?: bigint;
  /**
   * Makes event ids deterministic, so a retried command (an HTTP retry with its Idempotency-Key, or a
   * reactor reacting again to the same event after a crash) cannot write twice.
   */
  idempotencyKey?: string;
  /** What caused the command: the client's request (default) or the event a reactor reacted to. */
  causationId?: string;
  /**
   * The act is recorded after the fact, dated when it occurred (the command's `at`): it may not be
   * dated before the act it follows on its stream.
   */
  recordedAfterTheFact?: boolean;
  /** The document the act cites ("protokół nr 3/2016"), kept in its metadata. */
  reference?: string;
  /**
   * From the request: the act is recorded after the fact — when it occurred (a date or an instant) and
   * who did it then. The handler resolves it (who may record it, the facts of that day) into the
   * command's `at` and `actor`, and sets recordedAfterTheFact.
   */
  occurrence?: { occurredAt: string; actedBy?: string };
}

/** A command, or a function that builds it from the state it will be decided on (facts that depend on it). */
export type CommandOrBuilder<S, C> = C | ((state: S) => C);

interface Job {
  command: CommandOrBuilder<unknown, unknown>;
  options: ExecuteOptions;
  resolve: (outcome: CommandOutcome) => void;
  reject: (error: unknown) => void;
}

interface StreamAggregate {
  decider: Decider<unknown, unknown, DomainEvent>;
  parseEvent: (type: string, data: unknown) => DomainEvent;
}

/** A job decided within a batch: its events, and the revision the stream was at before them. */
interface Planned {
  job: Job;
  command: unknown;
  events: DomainEvent[];
  before: bigint | undefined;
}

/**
 * One writer per stream in this process. Commands on a stream are decided one after another, each on
 * the state the previous ones left, so two people acting at once on the same meeting queue instead of
 * failing; the commands that arrived while an append was in flight are decided together and written
 * in one append (one fsync, one EventStoreDB round trip). Only a writer in another process can still
 * conflict; then the batch is read again and decided again after a jittered pause.
 */
export class StreamWriter {
  private readonly queues = new Map<string, Job[]>();

  constructor(private readonly store: EventStore) {}

  submit<S, C, E extends DomainEvent>(
    aggregate: { decider: Decider<S, C, E>; parseEvent: (type: string, data: unknown) => E },
    streamId: string,
    command: CommandOrBuilder<S, C>,
    options: ExecuteOptions,
  ): Promise<CommandOutcome> {
    return new Promise((resolve, reject) => {
      const job: Job = { command: command as CommandOrBuilder<unknown, unknown>, options, resolve, reject };
      const queue = this.queues.get(streamId);
      if (queue) {
        queue.push(job);
        return;
      }
      this.queues.set(streamId, [job]);
      void this.drain(aggregate as unknown as StreamAggregate, streamId);
    });
  }

  private async drain(aggregate: StreamAggregate, streamId: string): Promise<void> {
    const queue = this.queues.get(streamId)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        await this.writeBatch(aggregate, streamId, batch);
      } catch (error) {
        for (const job of batch) job.reject(error);
      }
    }
    this.queues.delete(streamId);
  }

  private async writeBatch(aggregate: StreamAggregate, streamId: string, jobs: Job[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await load(this.store, aggregate.decider, aggregate.parseEvent, streamId);
      const { planned, state, lastDatedAt } = this.decideAll(aggregate, streamId, loaded, jobs);
      const writing = planned.filter((p) => p.events.length > 0);
      if (writing.length === 0) {
        for (const p of planned) p.job.resolve({ streamId, revision: p.before ?? -1n, position: 0n, events: [] });
        return;
      }
      try {
        const result = await this.store.append(
          streamId,
          writing.flatMap((p) => this.toNewEvents(streamId, p)),
          { expectedRevision: loaded.revision ?? 'no_stream' },
        );
        const total = writing.reduce((n, p) => n + p.events.length, 0);
        // A batch the store recognised as a retry wrote nothing: the state decided here is not the stream's.
        if (result.nextRevision === (loaded.revision ?? -1n) + BigInt(total)) rememberState(this.store, aggregate.decider, streamId, state, result.nextRevision, lastDatedAt);
        let after = result.nextRevision - BigInt(total);
        for (const p of planned) {
          after += BigInt(p.events.length);
          p.job.resolve({ streamId, revision: after, position: p.events.length > 0 ? result.position : 0n, events: p.events });
        }
        return;
      } catch (error) {
        if (error instanceof WrongExpectedVersion) {
          if (attempt < MAX_ATTEMPTS) {
            await jitteredPause(attempt);
            jobs = planned.map((p) => p.job);
            continue;
          }
          throw conflict(`The ${streamId} stream is being changed by another server; try again in a moment`, 'busy');
        }
        if (writing.length === 1) throw error;
        // One command's events broke the append (too large, a partly repeated retry…): write each
        // command on its own, so the others are not refused for it.
        for (const p of planned) await this.writeBatch(aggregate, streamId, [p.job]).catch((e) => p.job.reject(e));
        return;
      }
    }
  }

  /** Decides each job on the state the previous ones left; a refused job is answered at once and skipped. */
  private decideAll(aggregate: StreamAggregate, streamId: string, loaded: LoadedStream<unknown>, jobs: Job[]) {
    let { state, revision, lastDatedAt } = loaded;
    const planned: Planned[] = [];
    for (const job of jobs) {
      try {
        const expected = job.options.expectedRevision;
        if (expected !== undefined && expected !== revision) {
          throw preconditionFailed(`The record ${streamId} is at revision ${revision ?? 'none'}, not ${expected} (If-Match): reload it and try again`);
        }
        const command = typeof job.command === 'function' ? (job.command as (s: unknown) => unknown)(state) : job.command;
        const at = actTime(command);
        if (job.options.recordedAfterTheFact && at && lastDatedAt && Date.parse(at) < Date.parse(lastDatedAt)) {
          throw ruleBroken(`This act is dated ${at}, before the act it follows on this record, dated ${lastDatedAt}; enter a record's past in the order it happened`, 'dated_before_previous_act');
        }
        // Validated on the way in as on the way out: a decider bug cannot store a malformed event.
        const events = aggregate.decider.decide(command, state).map((e) => aggregate.parseEvent(e.type, e.data));
        for (const e of events) state = aggregate.decider.evolve(state, e);
        planned.push({ job, command, events, before: revision });
        if (events.length > 0) {
          const first = revision === undefined;
          revision = (revision ?? -1n) + BigInt(events.length);
          if (at && (first || job.options.recordedAfterTheFact) && (!lastDatedAt || Date.parse(at) > Date.parse(lastDatedAt))) lastDatedAt = at;
        }
      } catch (error) {
        job.reject(error);
      }
    }
    return { planned, state, revision, lastDatedAt };
  }

  private toNewEvents(streamId: string, { job, command, events }: Planned): NewEvent[] {
    const { options } = job;
    const commandId = options.idempotencyKey ? uuidv5(`${streamId}:${options.idempotencyKey}`, EVENT_ID_NAMESPACE) : undefined;
    return events.map((e, i) => ({
      id: commandId ? uuidv5(`${commandId}:${i}`, EVENT_ID_NAMESPACE) : crypto.randomUUID(),
      type: e.type,
      data: e.data as JsonValue,
      metadata: {
        actor: options.actor,
        correlationId: options.correlationId,
        causationId: options.causationId ?? commandId ?? options.correlationId,
        schemaVersion: schemaVersionOf(e.type),
        // When the act occurred, as the command states it (now for an act done in Klaster, the
        // historical date for one recorded after the fact); the store adds when it was recorded.
        ...(actTime(command) ? { occurredAt: actTime(command) } : {}),
        ...(options.reference ? { reference: options.reference } : {}),
      },
    }));
  }
}

function actTime(command: unknown): string | undefined {
  const at = (command as { at?: unknown } | undefined)?.at;
  return typeof at === 'string' ? at : undefined;
}

/** Full jitter: a random pause up to 5·2^attempt ms (capped), so competing servers do not retry in step. */
function jitteredPause(attempt: number): Promise<void> {
  const cap = Math.min(5 * 2 ** attempt, 500);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
}

const writers = new WeakMap<EventStore, StreamWriter>();

/** The process's writer for a store (one per store, so every command on a stream goes through one queue). */
export function writerFor(store: EventStore): StreamWriter {
  let writer = writers.get(store);
  if (!writer) writers.set(store, (writer = new StreamWriter(store)));
  return writer;
}
