import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { START, verifyLog, type EventStore, type VerificationProblem } from '@klaster/event-store';
import { ProjectionRunner, type DocumentDamage } from '@klaster/projections';
import { RAW_EVENT_STORE } from '../event-store/event-store.module';
import { DamageRegistry, type FoundBy } from './damage-registry';
import { VerificationState } from './verification-state';

export const VERIFICATION_STATE = Symbol('VERIFICATION_STATE');

export interface WalkProgress {
  state: 'pending' | 'running' | 'done' | 'failed' | 'stopped';
  /** 'new': from where the walks before got to (the background walk at start); 'whole': from the log's first event (on demand). */
  scope: 'new' | 'whole';
  /** The walk checks the events after this position. */
  fromPosition: bigint;
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
/** …and saves how far it got every so many (an interrupted walk resumes from there). */
const MARK_EVERY = 10_000;

/**
 * Verification of the log, through the port (both stores):
 * - at every start, before the server serves, the events appended since the position verified last
 *   time (another process's appends, those after the last save before a crash);
 * - then, in the background, the log from where the background walks (and start-up checks that began
 *   there) got to — a durable mark, `walked_through` — giving the event loop a turn every thousand
 *   events: a restart re-reads only what none has read, not the whole log each time (the whole log
 *   while a damaged record is on file, so a repair is noticed);
 * - on demand (`verifyWholeLog`, and offline `klaster verify` / an auditor's verification), the whole
 *   log from its first event, so a byte changed in an old, already walked event is found too;
 * - while running, every event the projection runner reads is checked by the adapter, so the mark
 *   follows the runner.
 * Every damaged record goes to the DamageRegistry (logged, in /health, refused by the guarded store).
 */
@Injectable()
export class IntegrityService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private startup: StartupCheck | undefined;
  private walk: WalkProgress = { state: 'pending', scope: 'new', fromPosition: START, eventsChecked: 0, position: START, target: START };
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
    // A log with a damaged record on file is walked whole at every start, so a repair (the file restored
    // from a backup) is noticed and the damage forgotten; otherwise only what no walk has read yet.
    const damageOnFile = this.registry.all().some((d) => d.foundBy !== 'read models');
    this.walking = this.walkLog(damageOnFile ? 'whole' : 'new');
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
      // Read just now: when this check began where the walks had got to (or before), the background
      // walk need not read the same events again (the first start of a data folder walks nothing twice).
      if ((this.state.walkedThrough() ?? START) >= from) this.state.markWalkedThrough(head);
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


  /**
   * On demand: the whole log from its first event, up to the head as it is now (after any walk under
   * way), so damage to events an earlier walk already read is found too; what it no longer finds is
   * forgotten. Resolves with the walk's progress when it is over.
   */
  async verifyWholeLog(): Promise<WalkProgress> {
    const previous = this.walking;
    const walk = (async () => {
      await previous;
      if (!this.stopping) await this.walkLog('whole');
    })();
    this.walking = walk;
    await walk;
    return this.walk;
  }

  /**
   * In the background, up to the head as it is now: the events after the walks' mark ('new'), or the
   * whole log ('whole'). Either moves the mark as it goes, so the next start walks only what is newer.
   */
  private async walkLog(scope: WalkProgress['scope']): Promise<void> {
    try {
      const target = await this.store.headPosition();
      const mark = this.state.walkedThrough() ?? START;
      // A mark past the head: the log was replaced by a shorter one (a backup); forget it and walk it all.
      if (mark > target) {
        this.state.forgetWalkedThrough();
        scope = 'whole';
      }
      const fromPosition = scope === 'whole' ? START : mark;
      this.walk = { state: 'running', scope, fromPosition, eventsChecked: 0, position: fromPosition, target, startedAt: new Date().toISOString() };
      if (fromPosition >= target) {
        this.walk = { ...this.walk, state: 'done', finishedAt: new Date().toISOString() };
        return;
      }
      const what = scope === 'whole' ? 'the whole log' : fromPosition === START ? 'the log' : `the log after position ${fromPosition}`;
      this.logger.log(`Verifying ${what} in the background (up to position ${target}).`);
      const report = await verifyLog(this.store, undefined, {
        fromPosition,
        toPosition: target,
        progressEvery: 1_000,
        shouldStop: () => this.stopping,
        onProgress: ({ eventsChecked, position }) => {
          this.walk = { ...this.walk, eventsChecked, position };
          if (eventsChecked % MARK_EVERY === 0) this.state.markWalkedThrough(position);
          if (eventsChecked % LOG_EVERY === 0) this.logger.log(`Background verification: ${eventsChecked} events checked, at position ${position} of ${target}.`);
        },
        onDamage: (d) => this.found(d, 'background check'),
      });
      if (this.stopping && (report.lastPosition ?? START) < target) {
        if (report.lastPosition !== undefined) this.state.markWalkedThrough(report.lastPosition);
        this.walk = { ...this.walk, state: 'stopped', finishedAt: new Date().toISOString() };
        return;
      }
      this.state.markWalkedThrough(target);
      this.walk = { ...this.walk, state: 'done', eventsChecked: report.eventsChecked, position: report.lastPosition ?? target, finishedAt: new Date().toISOString() };
      // Only a walk of the whole log can tell that a damage recorded before is gone.
      if (scope === 'whole' || fromPosition === START) this.forgetRepaired(report.problems, target);
      const summary = `Verified ${what}: ${report.eventsChecked} events in ${report.streamsChecked} streams up to position ${target}`;
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
