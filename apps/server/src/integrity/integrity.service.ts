import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { START, verifyLog, type EventStore, type VerificationProblem } from '@klaster/event-store';
import { ProjectionRunner, type DocumentDamage } from '@klaster/projections';
import { RAW_EVENT_STORE } from '../event-store/event-store.module';
import { DamageRegistry, type FoundBy } from './damage-registry';
import { VerificationState } from './verification-state';

export const VERIFICATION_STATE = Symbol('VERIFICATION_STATE');

export interface WalkProgress {
  state: 'pending' | 'running' | 'done' | 'failed' | 'stopped';
  /** Events checked so far. */
  eventsChecked: number;
  /** Position of the last event checked. */
  position: bigint;
  /** The log's head when the walk began: it checks everything up to there. */
  target: bigint;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
}

export interface StartupCheck {
  fromPosition: bigint;
  toPosition: bigint;
  eventsChecked: number;
  damaged: number;
  /** The log could not be read at start (e.g. EventStoreDB unreachable): the background check will try. */
  error?: string;
}

/** How often the position the runner has verified (every event it reads is checked) is saved as "verified through". */
const SAVE_EVERY_MS = 5_000;
/** A long background walk says how far it got every so many events. */
const LOG_EVERY = 100_000;

/**
 * Verification of the log, through the port (both stores):
 * - at every start, before the server serves, the events appended since the position verified last
 *   time (another process's appends, those after the last save before a crash);
 * - then, in the background, the whole log from its first event (so a byte changed in an old event is
 *   found too), giving the event loop a turn every thousand events;
 * - while running, every event the projection runner reads is checked by the adapter, so the mark
 *   follows the runner.
 * Every damaged record goes to the DamageRegistry (logged, in /health, refused by the guarded store).
 */
@Injectable()
export class IntegrityService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private startup: StartupCheck | undefined;
  private walk: WalkProgress = { state: 'pending', eventsChecked: 0, position: START, target: START };
  private walking: Promise<void> | undefined;
  private stopping = false;
  private saver: NodeJS.Timeout | undefined;

  constructor(
    @Inject(RAW_EVENT_STORE) private readonly store: EventStore,
    @Inject(VERIFICATION_STATE) private readonly state: VerificationState,
    private readonly registry: DamageRegistry,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Runs before the projection runner starts and before the server listens (Nest awaits it). */
  async onModuleInit(): Promise<void> {
    for (const known of this.state.damages()) this.registry.record(known, known.foundBy);
    for (const d of this.runner.damages()) this.recordDocumentDamage(d);
    this.registry.onRecorded((damage) => {
      this.state.saveDamage(damage);
      // Its documents may have been built while the event was intact: they stop answering too.
      if (damage.foundBy !== 'read models') this.runner.markDamaged(damage);
    });
    this.runner.on('damaged', (damages: DocumentDamage[]) => damages.forEach((d) => this.recordDocumentDamage(d)));
    await this.checkTail();
  }

  onApplicationBootstrap(): void {
    this.walking = this.walkWholeLog();
    this.saver = setInterval(() => this.saveRunnerProgress(), SAVE_EVERY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.saver) clearInterval(this.saver);
    await this.walking;
    this.saveRunnerProgress();
    this.state.close();
  }

  /** What /health reports. */
  report() {
    return {
      verifiedThrough: this.state.verifiedThrough(),
      startup: this.startup,
      background: this.walk,
      damaged: this.registry.all(),
      readModels: { position: this.runner.position, damaged: this.runner.damages(), failing: this.runner.failure },
    };
  }

  /** The events after the last verified position, up to the head now: checked before anything is served. */
  private async checkTail(): Promise<void> {
    const from = this.state.verifiedThrough() ?? START;
    let head = from;
    try {
      head = await this.store.headPosition();
      if (head <= from) {
        this.startup = { fromPosition: from, toPosition: head, eventsChecked: 0, damaged: 0 };
        return;
      }
      const report = await verifyLog(this.store, undefined, { fromPosition: from, toPosition: head, onDamage: (d) => this.found(d, 'start-up check') });
      this.startup = { fromPosition: from, toPosition: head, eventsChecked: report.eventsChecked, damaged: report.problems.length };
      this.state.markVerifiedThrough(head);
      const summary = `Checked the ${report.eventsChecked} events appended since position ${from} (up to ${head})`;
      if (report.ok) this.logger.log(`${summary}: intact.`);
      else this.logger.error(`${summary}: ${report.problems.length} damaged (see /health).`);
    } catch (error) {
      // A log that cannot be read at all (EventStoreDB unreachable, a corrupted page of the file) must
      // not keep the server from starting: what depends on it answers 503, /health says why.
      this.startup = { fromPosition: from, toPosition: head, eventsChecked: 0, damaged: 0, error: (error as Error).message };
      this.logger.error(`Could not check the log at start: ${(error as Error).message}`);
    }
  }


  /** The whole log up to the head as it is now, in the background; what it no longer finds is forgotten. */
  private async walkWholeLog(): Promise<void> {
    try {
      const target = await this.store.headPosition();
      this.walk = { state: 'running', eventsChecked: 0, position: START, target, startedAt: new Date().toISOString() };
      this.logger.log(`Verifying the whole log in the background (up to position ${target}).`);
      const report = await verifyLog(this.store, undefined, {
        toPosition: target,
        progressEvery: 1_000,
        shouldStop: () => this.stopping,
        onProgress: ({ eventsChecked, position }) => {
          this.walk = { ...this.walk, eventsChecked, position };
          if (eventsChecked % LOG_EVERY === 0) this.logger.log(`Background verification: ${eventsChecked} events checked, at position ${position} of ${target}.`);
        },
        onDamage: (d) => this.found(d, 'background check'),
      });
      if (this.stopping && (report.lastPosition ?? START) < target) {
        this.walk = { ...this.walk, state: 'stopped', finishedAt: new Date().toISOString() };
        return;
      }
      this.walk = { ...this.walk, state: 'done', eventsChecked: report.eventsChecked, position: report.lastPosition ?? START, finishedAt: new Date().toISOString() };
      this.forgetRepaired(report.problems, target);
      const summary = `Verified the whole log: ${report.eventsChecked} events in ${report.streamsChecked} streams up to position ${target}`;
      if (report.ok) this.logger.log(`${summary}, intact.`);
      else this.logger.error(`${summary}, ${report.problems.length} damaged (see /health).`);
    } catch (error) {
      // The log could not be read at all (e.g. a corrupted page of the SQLite file): say so and keep serving.
      this.walk = { ...this.walk, state: 'failed', error: (error as Error).message, finishedAt: new Date().toISOString() };
      this.logger.error(`The background verification of the log failed: ${(error as Error).message}`);
    }
  }

  /**
   * A damage recorded before (by a read or an earlier start) that a complete walk no longer finds was
   * repaired (the log restored from a backup): it is forgotten. The read models' marks stay until they
   * are rebuilt.
   */
  private forgetRepaired(found: VerificationProblem[], target: bigint): void {
    const still = new Set(found.map((d) => d.streamId));
    for (const known of this.registry.all()) {
      if (known.foundBy === 'read models' || still.has(known.streamId) || known.position > target) continue;
      this.registry.forget(known.streamId);
      this.state.forgetDamage(known.streamId);
      this.logger.log(`The damaged record of '${known.streamId}' at position ${known.position} is intact again.`);
    }
  }

  private found(damage: VerificationProblem, foundBy: FoundBy): void {
    this.registry.record(damage, foundBy);
  }

  private recordDocumentDamage(d: DocumentDamage): void {
    // A projection that could not apply an event is the read models' problem, not the log's: the
    // document is marked (queries answer 503) but the stream stays writable and readable.
    if (d.problem.kind === 'projection_failed') return;
    this.registry.record({ streamId: d.streamId, revision: d.revision, eventId: d.eventId, position: d.position, problem: d.problem }, 'read models');
  }

  /** Every event the runner applied was checked by the adapter as it read it. */
  private saveRunnerProgress(): void {
    if (this.runner.position > START) this.state.markVerifiedThrough(this.runner.position);
  }
}
