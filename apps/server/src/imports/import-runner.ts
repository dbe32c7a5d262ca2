import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { conflict } from '@klaster/domain';
import { StreamNotFound, type EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../event-store/event-store.module';
import { BallotBox } from '../meetings/ballot-box/ballot-box';
import { ReactorRunner } from '../reactors/reactor-runner';
import type { CommandOutcome } from '../command-handling/execute-on-stream';
import { commandFromRequest } from '../http/command-headers';
import { toErrorBody } from '../http/error.filter';
import { busCommand, targetStream } from './import-catalogue';
import { readImportFile, UnreadableLine, type ImportLine } from './import-file';
import { ScratchContext } from './scratch-context';

/** What one act wrote (or, in a dry run, would write): its stream and events, and their consequences. */
export interface ImportedAct {
  line: number;
  type: string;
  occurredAt: string;
  streamId: string;
  events: string[];
  /** What Klaster writes in consequence (a closed vote's number in the register and on the meeting, an elected leader). */
  consequences: { streamId: string; events: string[] }[];
}

/** The first act the domain refused (or the first line that is not an act), as the API would answer it. */
export interface ImportRefusal {
  line: number;
  type?: string;
  status: number;
  code: string;
  message: string;
  issues?: { path: (string | number)[]; message: string; code?: string }[];
}

export interface ImportReport {
  dryRun: boolean;
  /** Acts in the file. */
  acts: number;
  /** Acts of the file already in the log (an earlier run of the same file, or of the same history): left as they are. */
  alreadyRecorded: number;
  /** The acts the dry run would record, in order; after a real run, those it recorded. */
  recorded: ImportedAct[];
  /** Set when the file was refused: nothing (dry run), or nothing after the acts listed (real run), was written. */
  refused?: ImportRefusal;
  /** The log position after the last act written (0 when nothing was): pass it to a query to read your own write. */
  position: string;
}

export interface ImportOptions {
  /** Who records the file: the coordinator or a registrar of each cluster it touches (the founder, for a founding). */
  actor: string;
  dryRun: boolean;
  correlationId?: string;
  /** Called after each act the real run records. */
  onProgress?: (progress: { done: number; total: number; act: ImportedAct }) => void;
}

/** How long the real run waits for an act's consequences (a vote's number) before giving up. */
const CONSEQUENCES_TIMEOUT_MS = 60_000;

/**
 * Imports a file of past acts. First a dry run: every act not yet in the log is decided, in order, by
 * the real handlers on a scratch copy of the streams it touches (the reactor's consequences included),
 * and the first refusal stops it with nothing written. Then the real run records exactly the acts the
 * dry run listed, in order, through the CommandBus as the HTTP API does. Each act carries an id derived
 * from the file (its key: the hash of the file's acts up to it), so running the file again, or again
 * after a crash, writes only what is missing. One import at a time per process.
 */
@Injectable()
export class ImportRunner {
  private running = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandBus,
    private readonly reactor: ReactorRunner,
    private readonly modules: ModuleRef,
  ) {}

  /** The meetings' ballot box: a dry run reads the keys of votes sealed for real, never changing them. */
  private get ballotBox(): BallotBox {
    return this.modules.get(BallotBox, { strict: false });
  }

  async run(text: string, options: ImportOptions): Promise<ImportReport> {
    if (this.running) throw conflict('Another import is running on this server; run this one when it has finished', 'import_in_progress');
    this.running = true;
    try {
      return await this.runAlone(text, options);
    } finally {
      this.running = false;
    }
  }

  private async runAlone(text: string, options: ImportOptions): Promise<ImportReport> {
    let lines: ImportLine[];
    try {
      lines = readImportFile(text);
    } catch (error) {
      if (!(error instanceof UnreadableLine)) throw error;
      const report = { dryRun: options.dryRun, acts: 0, alreadyRecorded: 0, recorded: [], position: '0' };
      return { ...report, refused: { line: error.line, status: 400, code: 'invalid_request', message: error.message, issues: error.issues } };
    }
    // An act cut short by a crash may still owe its consequences (a vote's number): let the reactor
    // finish them, so the dry run sees the log as it will be.
    await this.reactor.waitFor(await this.store.headPosition(), CONSEQUENCES_TIMEOUT_MS);
    const recordedBefore = await this.alreadyRecorded(lines);
    const pending = lines.filter((l) => !recordedBefore.has(l.key));
    const correlationId = options.correlationId ?? randomUUID();
    const dry = await this.dryRun(pending, options.actor, correlationId);
    const report: ImportReport = { dryRun: options.dryRun, acts: lines.length, alreadyRecorded: lines.length - pending.length, recorded: dry.acts, position: '0' };
    if (dry.refused) return { ...report, refused: dry.refused };
    if (options.dryRun) return report;
    return { ...report, ...(await this.record(pending, dry.acts, options, correlationId)), dryRun: false };
  }

  /** The lines whose act is in the log already: each act's events carry its key as their causation. */
  private async alreadyRecorded(lines: ImportLine[]): Promise<Set<string>> {
    const byStream = new Map<string, Set<string>>();
    for (const line of lines) byStream.set(targetStream(line), new Set());
    for (const [streamId, causes] of byStream) {
      try {
        for await (const event of this.store.readStream(streamId)) causes.add(event.metadata.causationId);
      } catch (error) {
        if (!(error instanceof StreamNotFound)) throw error;
      }
    }
    return new Set(lines.filter((l) => byStream.get(targetStream(l))!.has(causation(l))).map((l) => l.key));
  }

  private async dryRun(lines: ImportLine[], actor: string, correlationId: string): Promise<{ acts: ImportedAct[]; refused?: ImportRefusal }> {
    const scratch = await ScratchContext.over(this.store, this.ballotBox);
    const acts: ImportedAct[] = [];
    try {
      for (const line of lines) {
        try {
          const outcome = await scratch.commandBus.execute<ReturnType<typeof busCommand>, CommandOutcome>(this.command(line, actor, correlationId));
          const consequences = (await scratch.react()).reduce<ImportedAct['consequences']>((list, e) => {
            const last = list[list.length - 1];
            if (last?.streamId === e.streamId) last.events.push(e.type);
            else list.push({ streamId: e.streamId, events: [e.type] });
            return list;
          }, []);
          acts.push(actOf(line, outcome, consequences));
        } catch (error) {
          return { acts, refused: refusalOf(line, error) };
        }
      }
      return { acts };
    } finally {
      await scratch.close();
    }
  }

  /** The real run: each act as the dry run listed it, then its consequences, before the next. */
  private async record(lines: ImportLine[], planned: ImportedAct[], options: ImportOptions, correlationId: string): Promise<Pick<ImportReport, 'recorded' | 'refused' | 'position'>> {
    const recorded: ImportedAct[] = [];
    let position = 0n;
    for (const [i, line] of lines.entries()) {
      try {
        const outcome = await this.commands.execute<ReturnType<typeof busCommand>, CommandOutcome>(this.command(line, options.actor, correlationId));
        const { outcomes, settled } = await this.reactor.consequencesOf(outcome, CONSEQUENCES_TIMEOUT_MS);
        const act = actOf(line, outcome, outcomes.map((o) => ({ streamId: o.streamId, events: o.events.map((e) => e.type) })));
        position = [outcome, ...outcomes].reduce((p, o) => (o.position > p ? o.position : p), position);
        recorded.push(act);
        if (act.streamId !== planned[i].streamId || act.events.join() !== planned[i].events.join()) {
          const message = `Line ${line.line} wrote ${act.events.join(', ') || 'nothing'} on ${act.streamId}, where the dry run expected ${planned[i].events.join(', ')}: the record changed meanwhile; run the file again`;
          return { recorded, position: position.toString(), refused: { line: line.line, type: line.command.type, status: 409, code: 'import_diverged', message } };
        }
        if (!settled) {
          const message = `The consequences of line ${line.line} (${line.command.type}) are not written yet; run the file again in a moment to go on`;
          return { recorded, position: position.toString(), refused: { line: line.line, type: line.command.type, status: 503, code: 'unavailable', message } };
        }
        options.onProgress?.({ done: i + 1, total: lines.length, act });
      } catch (error) {
        return { recorded, position: position.toString(), refused: refusalOf(line, error) };
      }
    }
    return { recorded, position: position.toString() };
  }

  /** The act as its endpoint would hand it to the CommandBus, keyed by the file so it is written once. */
  private command(line: ImportLine, actor: string, correlationId: string) {
    const request = { type: line.command.type, ...line.params, ...line.body };
    const { command, options } = commandFromRequest(request, actor, { 'idempotency-key': `import:${line.key}`, 'x-correlation-id': correlationId });
    return busCommand(line, command, { ...options, causationId: causation(line) });
  }
}

const causation = (line: ImportLine) => `import:${line.key}`;

function actOf(line: ImportLine, outcome: CommandOutcome, consequences: ImportedAct['consequences']): ImportedAct {
  return { line: line.line, type: line.command.type, occurredAt: line.body.occurredAt, streamId: outcome.streamId, events: outcome.events.map((e) => e.type), consequences };
}

function refusalOf(line: ImportLine, error: unknown): ImportRefusal {
  const body = toErrorBody(error);
  if (body.statusCode >= 500) throw error;
  return { line: line.line, type: line.command.type, status: body.statusCode, code: body.code, message: body.message, ...(body.issues ? { issues: body.issues } : {}) };
}
