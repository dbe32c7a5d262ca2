import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { EventStore, RecordedEvent } from '@klaster/event-store';
import { aggregateOf } from '../streams/cluster-streams';
import { sealCluster, type RecordedSeal, type SealOptions } from '../seal/sealer';
import { eventToJson } from '../proof/event-json';
import { inEveryLanguage, message } from '../messages/catalogue';
import { clusterEvents, TrailWriter, type ExportEntry, type PeopleLookup, type TrailFilters } from '../trail/trail';

export type { ExportEntry } from '../trail/trail';

export const EXPORT_FORMAT = 'klaster-audit-export/2';
export type ExportFormat = 'jsonl' | 'csv';

export interface ExportOptions {
  filters?: TrailFilters;
  people?: PeopleLookup;
  /** How to seal when the latest seal does not cover the cluster's last event. */
  sealing?: SealOptions;
  now?: () => Date;
}

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

export interface PreparedExport {
  /** The seal the export ends with: every event of the export is at or before what it covers. */
  seal: RecordedSeal;
  /** The export's lines (JSON Lines) or rows (CSV), produced as they are read: never the whole history in memory. */
  stream(format: ExportFormat): Readable;
}

/**
 * Prepares an export of the cluster's trail: seals the cluster if its latest seal does not cover its
 * last event, so the export ends with a seal covering every event in it. Returns undefined for a
 * cluster without events.
 */
export async function prepareExport(store: EventStore, clusterId: string, options: ExportOptions = {}): Promise<PreparedExport | undefined> {
  const { latest } = await sealCluster(store, clusterId, options.sealing);
  if (!latest) return undefined;
  const seal = latest;
  const through = BigInt(seal.seal.throughPosition);
  // Events of the sealed streams up to what the seal covers, and the seals before it.
  const covered = (e: RecordedEvent) => (aggregateOf(e.streamId)?.kind === 'seal' ? e.position < seal.event.position : e.position <= through);
  // Batches of entries, not one at a time: each layer of async iteration costs an await per item, and
  // the export does per event only what its line needs (the profile of `npm run bench:audit`).
  async function* batches(): AsyncIterable<{ event: RecordedEvent; entry: ExportEntry }[]> {
    const writer = await TrailWriter.open(store, clusterId, options.people);
    let batch: { event: RecordedEvent; entry: ExportEntry }[] = [];
    for await (const event of clusterEvents(store, clusterId, { toPosition: seal.event.position, filters: options.filters })) {
      if (event.position === seal.event.position || !covered(event)) continue;
      const entry = writer.exportEntryOf(event);
      batch.push({ event, entry: entry instanceof Promise ? await entry : entry });
      if (batch.length >= ROWS_PER_CHUNK) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  const header = {
    kind: 'header',
    format: EXPORT_FORMAT,
    clusterId,
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
    filters: options.filters && Object.keys(options.filters).length > 0 ? options.filters : null,
    complete: !options.filters || Object.keys(options.filters).length === 0,
  };
  const sealRow = () => {
    const s = seal.seal;
    const words = inEveryLanguage('act.SealRecorded', { sequence: s.sequence, streams: s.streams.length, position: s.throughPosition, root: s.root });
    return {
      position: seal.event.position.toString(),
      recorded_at: seal.event.metadata.recordedAt,
      occurred_at: s.sealedAt,
      stream_id: seal.event.streamId,
      revision: seal.event.revision.toString(),
      event_type: seal.event.type,
      aggregate: 'seal',
      actor: seal.event.metadata.actor,
      actor_name: '',
      act_pl: words.pl,
      act_en: words.en,
      charter_version: '',
      reference: '',
      correlation_id: seal.event.metadata.correlationId,
      event_id: seal.event.id,
      hash: seal.event.metadata.hash,
      prev_hash: seal.event.metadata.prevHash ?? '',
    };
  };
  return {
    seal,
    stream(format) {
      if (format === 'jsonl') {
        return Readable.from(
          (async function* () {
            yield `${JSON.stringify(header)}\n`;
            for await (const batch of batches()) {
              let chunk = '';
              for (const { event, entry } of batch) chunk += `${JSON.stringify({ kind: 'event', event: eventToJson(event), entry })}\n`;
              yield chunk;
            }
            yield `${JSON.stringify({ kind: 'seal', event: eventToJson(seal.event) })}\n`;
          })(),
          { objectMode: false },
        );
      }
      // csv-stringify quotes what needs quoting (commas, quotes, line breaks in a motion); its synchronous
      // API formats a batch of rows at once, cheaper than a stream transform step per row.
      return Readable.from(
        (async function* () {
          let first = true;
          const rows = (batch: Record<string, string>[]) => {
            const text = stringify(batch, { header: first, columns: [...CSV_COLUMNS], bom: first });
            first = false;
            return text;
          };
          for await (const batch of batches()) yield rows(batch.map(({ event, entry }) => csvRow(event, entry)));
          yield rows([sealRow()]);
        })(),
        { objectMode: false },
      );
    },
  };
}

/** Events per chunk written to the response (larger chunks measured slower: big strings cost the collector more). */
const ROWS_PER_CHUNK = 16;

function csvRow(event: RecordedEvent, e: ExportEntry): Record<(typeof CSV_COLUMNS)[number], string> {
  const actor = event.metadata.actor;
  return {
    position: event.position.toString(),
    recorded_at: event.metadata.recordedAt,
    occurred_at: e.occurredAt,
    stream_id: event.streamId,
    revision: event.revision.toString(),
    event_type: event.type,
    aggregate: e.aggregate.kind,
    actor,
    actor_name: actor.startsWith('$') ? message('en', 'actor.system') : e.actor.erased ? message('en', 'actor.erased') : (e.actor.name ?? ''),
    act_pl: e.act.pl,
    act_en: e.act.en,
    charter_version: e.charterVersion === null ? '' : String(e.charterVersion),
    reference: event.metadata.reference ?? '',
    correlation_id: event.metadata.correlationId,
    event_id: event.id,
    hash: event.metadata.hash,
    prev_hash: event.metadata.prevHash ?? '',
  };
}
