import { Readable } from 'node:stream';
import type { EventStore, EventWithJson, RecordedEvent } from '@klaster/event-store';
import { aggregateOf } from '../streams/cluster-streams';
import { sealCluster, type RecordedSeal, type SealOptions } from '../seal/sealer';
import { eventToJson } from '../proof/event-json';
import { clusterEventBatches, TrailWriter, type ExportEntry, type PeopleLookup, type TrailFilters } from '../trail/trail';
import { CsvRows, csvRow, sealCsvRow } from './csv-rows';
import { JsonLines } from './json-lines';

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

export { CSV_COLUMNS } from './csv-rows';

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
  // Batches of events, not one at a time: each layer of async iteration costs an await per item, and
  // the export does per event only what its line needs (the profile of `npm run bench:audit`).
  async function* entryBatches(): AsyncIterable<{ reads: EventWithJson[]; entries: ExportEntry[] }> {
    const writer = await TrailWriter.open(store, clusterId, options.people);
    for await (const read of clusterEventBatches(store, clusterId, ROWS_PER_CHUNK, { toPosition: seal.event.position, filters: options.filters })) {
      const reads = read.filter(({ event }) => event.position !== seal.event.position && covered(event));
      const entries: ExportEntry[] = [];
      for (const { event } of reads) {
        const entry = writer.exportEntryOf(event);
        entries.push(entry instanceof Promise ? await entry : entry);
      }
      if (reads.length > 0) yield { reads, entries };
    }
  }
  const header = {
    kind: 'header',
    format: EXPORT_FORMAT,
    clusterId,
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
    filters: options.filters && Object.keys(options.filters).length > 0 ? options.filters : null,
    complete: !options.filters || Object.keys(options.filters).length === 0,
  };
  return {
    seal,
    stream(format) {
      if (format === 'jsonl') {
        return Readable.from(
          (async function* () {
            yield `${JSON.stringify(header)}\n`;
            const lines = new JsonLines();
            for await (const { reads, entries } of entryBatches()) {
              let chunk = '';
              for (let i = 0; i < reads.length; i++) chunk += lines.line(reads[i], entries[i]);
              yield chunk;
            }
            yield `${JSON.stringify({ kind: 'seal', event: eventToJson(seal.event) })}\n`;
          })(),
          { objectMode: false },
        );
      }
      return Readable.from(
        (async function* () {
          const csv = new CsvRows();
          for await (const { reads, entries } of entryBatches()) yield csv.text(reads.map(({ event }, i) => csvRow(event, entries[i])));
          yield csv.text([sealCsvRow(seal)]);
        })(),
        { objectMode: false },
      );
    },
  };
}

/** Events read per chunk written to the response (larger chunks measured slower: big strings cost the collector more). */
const ROWS_PER_CHUNK = 16;
