import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { EventStore, EventWithJson, JsonValue, RecordedEvent } from '@klaster/event-store';
import { describeAct, eventToJson, prepareExport, TrailWriter, type ExportEntry, type PeopleLookup } from '@klaster/audit';
import { JsonLines } from '../src/export/json-lines';
import { tempStore, type TempStore } from './support';

/**
 * The export assembles its JSON lines from parts and shares what repeats (libs/audit/src/export): these
 * specs hold it to the bytes the general serialisation gives, over a log with what a serialiser can get
 * wrong — escapes, unicode, nested data, numbers, nulls, optional metadata, erased and named people.
 */
const people: PeopleLookup = (id) =>
  id === 'p-erased' ? { name: null, erased: true } : id === 'p-named' ? { name: 'Łucja "Ż", Ślęzak\nnowa linia \\ \u2028', erased: false } : { name: null, erased: false };

async function variedLog(store: EventStore): Promise<void> {
  const append = (streamId: string, type: string, data: JsonValue, metadata: Record<string, string> = {}) =>
    store.append(streamId, [{ id: randomUUID(), type, data, metadata: { actor: 'p-named', correlationId: randomUUID(), causationId: randomUUID(), ...metadata } }], { expectedRevision: 'any' });
  await append('cluster-kl', 'TimeZoneChanged', { timeZone: 'Europe/Warsaw', previous: 'UTC' }, { actor: '$system' });
  await append('cluster-kl', 'RegistrarAppointed', { personId: 'p-erased' }, { actor: 'p-erased' });
  await append('cluster-kl', 'AuditorAppointed', { personId: 'p-named' }, { reference: 'protokół nr 3/2016 „stary”', occurredAt: '2016-03-14T10:00:00.000Z' });
  await append('meeting-kl.rada-1', 'MeetingConvened', { title: 'Rada „pierwsza”\t\u0001', scheduledFor: '2024-03-14T10:00:00.000Z' });
  await append('meeting-kl.rada-1', 'AgendaItemAdded', { title: 'Uchwała, "cudzysłów"\r\nnowa linia', nested: { a: [1, 2.5, -3e-7, null, true], 'klucz z "cudzysłowem"': { '': 'pusty' } } });
  await append('meeting-kl.rada-1', 'BallotCast', { memberId: 'm1', choice: 'yes', emoji: '🗳️ \ud83d\ude00' }, { actor: 'p-other' });
  await append('meeting-kl.rada-1', 'VoteOpened', { motion: 'x', secrecy: 'open', charterVersion: 7 });
  await append('group-kl.g1', 'GroupLeaderAppointed', { personId: 'p-erased', memberId: 'm2' }, { actor: 'p-erased' });
  await append('resolutions-kl', 'SomethingNew', [1, 'two', { three: 3 }]);
  await append('election-kl.e1', 'RoundOpened', null);
}

const general = (event: RecordedEvent, entry: ExportEntry) => `${JSON.stringify({ kind: 'event', event: eventToJson(event), entry })}\n`;
/** An event as a store without stored JSON gives it: the line serialises its data and metadata. */
const decoded = (event: RecordedEvent): EventWithJson => ({ event, dataJson: undefined, metadataJson: undefined });

/** The port alone, as EventStoreDB's adapter offers it: no readAllWithJson. */
const portOnly = (store: EventStore): EventStore => ({
  append: (...a) => store.append(...a),
  readStream: (...a) => store.readStream(...a),
  readAll: (...a) => store.readAll(...a),
  subscribeToAll: (...a) => store.subscribeToAll(...a),
  headPosition: () => store.headPosition(),
  close: () => store.close(),
});

describe('the export lines', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = tempStore();
    await variedLog(t.store);
  });
  afterEach(() => t.cleanup());

  async function eventsAndEntries(lookup?: PeopleLookup) {
    const writer = await TrailWriter.open(t.store, 'kl', lookup);
    const read: { event: RecordedEvent; entry: ExportEntry }[] = [];
    for await (const event of t.store.readAll()) read.push({ event, entry: await writer.exportEntryOf(event) });
    return read;
  }

  it('writes each JSON line byte for byte as JSON.stringify writes the event and its entry, for ids only and for named and erased people', async () => {
    for (const lookup of [undefined, people]) {
      const lines = new JsonLines();
      // Twice over, so the parts kept from the first pass are the ones the second writes.
      for (const { event, entry } of [...(await eventsAndEntries(lookup)), ...(await eventsAndEntries(lookup))]) expect(lines.line(decoded(event), entry)).toBe(general(event, entry));
    }
  });

  it('writes each line from the JSON text the embedded store holds, byte for byte as the general serialisation, and takes that text where it can', async () => {
    // Beside the varied log: index keys in the data and a quote in a reference, where the store gives no text.
    await t.store.append('meeting-kl.rada-1', [{ id: randomUUID(), type: 'VoteCounted', data: { counts: { 10: 1, 2: 3, tak: 4 } }, metadata: { actor: 'p-named', correlationId: randomUUID(), causationId: randomUUID(), reference: 'protokół "nr 4"' } }], { expectedRevision: 'any' });
    for (const lookup of [undefined, people]) {
      const writer = await TrailWriter.open(t.store, 'kl', lookup);
      const lines = new JsonLines();
      let fromStoredText = 0;
      let reads = 0;
      for await (const page of t.store.readAllWithJson()) {
        for (const read of page) {
          const entry = await writer.exportEntryOf(read.event);
          expect(lines.line(read, entry)).toBe(general(read.event, entry));
          reads++;
          if (read.dataJson !== undefined && read.metadataJson !== undefined) fromStoredText++;
        }
      }
      expect(reads).toBe(11);
      expect(fromStoredText).toBe(10);
    }
  });

  it('exports the same bytes from a store without stored JSON (EventStoreDB) as from the embedded store, for both formats and a filter', async () => {
    const now = () => new Date('2026-12-02T00:00:00.000Z');
    const exported = async (store: EventStore, format: 'jsonl' | 'csv', filters?: { types: string[] }) => {
      const prepared = (await prepareExport(store, 'kl', { people, now, filters }))!;
      const chunks: Buffer[] = [];
      for await (const chunk of prepared.stream(format)) chunks.push(Buffer.from(chunk));
      return Buffer.concat(chunks).toString('utf8');
    };
    for (const format of ['jsonl', 'csv'] as const) {
      for (const filters of [undefined, { types: ['BallotCast', 'MeetingConvened'] }]) {
        const embedded = await exported(t.store, format, filters);
        expect(await exported(portOnly(t.store), format, filters)).toBe(embedded);
        expect(embedded).toContain('Rada „pierwsza”');
      }
    }
  });

  it('writes what the entry says now, not what it said before for the same stream or person', async () => {
    const [{ event, entry }] = (await eventsAndEntries(people)).filter((r) => r.event.metadata.actor === 'p-named');
    const lines = new JsonLines();
    lines.line(decoded(event), entry);
    const erased = { ...entry, actor: { name: null, erased: true }, aggregate: { kind: entry.aggregate.kind, id: 'another' } };
    expect(lines.line(decoded(event), erased)).toBe(general(event, erased));
    expect(lines.line(decoded(event), erased)).toContain('"actor":{"name":null,"erased":true}');
  });

  it('leaves out what is undefined, as JSON.stringify does', () => {
    const event = { id: 'e1', streamId: 'cluster-kl', type: 'X', revision: 0n, position: 1n, data: undefined, metadata: { actor: 'p1', hash: 'h', prevHash: null } } as unknown as RecordedEvent;
    const entry: ExportEntry = { aggregate: { kind: 'cluster', id: 'kl' }, act: { pl: 'a', en: 'b' }, actor: { name: null, erased: false }, occurredAt: '2024-01-01T00:00:00.000Z', charterVersion: null };
    expect(new JsonLines().line(decoded(event), entry)).toBe(general(event, entry));
    expect(new JsonLines().line(decoded(event), entry)).not.toContain('"data"');
    expect(new JsonLines().line({ event, dataJson: '{"stale":1}', metadataJson: undefined }, entry)).toBe(general(event, entry));
  });

  it('names people in each language as that language reads them (an erased person, a date), the same facts once for both otherwise', async () => {
    const writer = await TrailWriter.open(t.store, 'kl', people);
    const acts = new Map<string, { pl: string; en: string }>();
    for await (const event of t.store.readAll()) acts.set(event.type, describeAct(event, (writer as unknown as { context: Parameters<typeof describeAct>[1] }).context));
    expect(acts.get('RegistrarAppointed')!.pl).toContain('osoba usunięta');
    expect(acts.get('RegistrarAppointed')!.en).toContain('erased person');
    expect(acts.get('RegistrarAppointed')!.en).not.toContain('osoba');
    expect(acts.get('MeetingConvened')!.pl).toMatch(/14 mar 2024/);
    expect(acts.get('MeetingConvened')!.en).toMatch(/14 Mar 2024/);
    expect(acts.get('AuditorAppointed')!.en).toContain('Łucja');
  });

  it('writes the CSV rows in the columns’ order, quoted where a name or an act needs it, the actor named as the reader sees them', async () => {
    const prepared = (await prepareExport(t.store, 'kl', { people }))!;
    let text = '';
    for await (const chunk of prepared.stream('csv')) text += chunk.toString();
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    const events: RecordedEvent[] = [];
    for await (const event of t.store.readAll()) if (event.position < prepared.seal.event.position) events.push(event);
    expect(rows.map((r) => r.event_id)).toEqual([...events.map((e) => e.id), prepared.seal.event.id]);
    const byType = new Map(rows.map((r) => [r.event_type, r]));
    expect(byType.get('TimeZoneChanged')!.actor_name).toBe('Klaster (system)');
    expect(byType.get('RegistrarAppointed')).toMatchObject({ actor: 'p-erased', actor_name: 'erased person', aggregate: 'cluster', charter_version: '' });
    expect(byType.get('AuditorAppointed')).toMatchObject({ actor_name: people('p-named').name, reference: 'protokół nr 3/2016 „stary”', occurred_at: '2016-03-14T10:00:00.000Z' });
    expect(byType.get('BallotCast')).toMatchObject({ actor: 'p-other', actor_name: '', aggregate: 'meeting' });
    expect(byType.get('VoteOpened')!.charter_version).toBe('7');
    const agenda = events.find((e) => e.type === 'AgendaItemAdded')!;
    expect(byType.get('AgendaItemAdded')).toMatchObject({ position: agenda.position.toString(), revision: '1', stream_id: 'meeting-kl.rada-1', hash: agenda.metadata.hash, prev_hash: agenda.metadata.prevHash });
    expect(byType.get('AgendaItemAdded')!.act_pl).toContain('Uchwała, "cudzysłów"\r\nnowa linia');
  });
});
