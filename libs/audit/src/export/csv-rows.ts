import { stringify } from 'csv-stringify/sync';
import type { RecordedEvent } from '@klaster/event-store';
import { inEveryLanguage, message } from '../messages/catalogue';
import type { RecordedSeal } from '../seal/sealer';
import type { ExportEntry } from '../trail/trail';

/** The CSV's columns, in order. */
export const CSV_COLUMNS = [
  'position',
  'recorded_at',
  'occurred_at',
  'stream_id',
  'revision',
  'event_type',
  'aggregate',
  'actor',
  'actor_name',
  'act_pl',
  'act_en',
  'charter_version',
  'reference',
  'correlation_id',
  'event_id',
  'hash',
  'prev_hash',
] as const;

type CsvRow = string[];

/**
 * The export's CSV text, written by csv-stringify (it quotes what needs quoting: commas, quotes, line
 * breaks in a motion). Its synchronous API formats a batch of rows at once, cheaper than a stream
 * transform step per row; rows go as arrays in CSV_COLUMNS order, since an object row costs a property
 * path lookup per field (csv-stringify's `get`), and the header row is written from the columns.
 * A field a spreadsheet would run as a formula (a person's name or a reference typed as "=…", "+…",
 * "-…", "@…") is written with a leading apostrophe (`escape_formulas`): an auditor opening the export in
 * a spreadsheet must not run what a member typed (CSV injection). The JSON Lines export keeps the text as is.
 */
export class CsvRows {
  private first = true;

  text(rows: CsvRow[]): string {
    const text = stringify(rows, { header: this.first, columns: [...CSV_COLUMNS], bom: this.first, escape_formulas: true });
    this.first = false;
    return text;
  }
}

export function csvRow(event: RecordedEvent, e: ExportEntry): CsvRow {
  const actor = event.metadata.actor;
  return [
    event.position.toString(),
    event.metadata.recordedAt,
    e.occurredAt,
    event.streamId,
    event.revision.toString(),
    event.type,
    e.aggregate.kind,
    actor,
    actor.startsWith('$') ? message('en', 'actor.system') : e.actor.erased ? message('en', 'actor.erased') : (e.actor.name ?? ''),
    e.act.pl,
    e.act.en,
    e.charterVersion === null ? '' : String(e.charterVersion),
    event.metadata.reference ?? '',
    event.metadata.correlationId,
    event.id,
    event.metadata.hash,
    event.metadata.prevHash ?? '',
  ];
}

/** The seal's row, the CSV's last: its act names the root and the position it covers. */
export function sealCsvRow(seal: RecordedSeal): CsvRow {
  const s = seal.seal;
  const words = inEveryLanguage('act.SealRecorded', { sequence: s.sequence, streams: s.streams.length, position: s.throughPosition, root: s.root });
  return [
    seal.event.position.toString(),
    seal.event.metadata.recordedAt,
    s.sealedAt,
    seal.event.streamId,
    seal.event.revision.toString(),
    seal.event.type,
    'seal',
    seal.event.metadata.actor,
    '',
    words.pl,
    words.en,
    '',
    '',
    seal.event.metadata.correlationId,
    seal.event.id,
    seal.event.metadata.hash,
    seal.event.metadata.prevHash ?? '',
  ];
}
