import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agreementTextHash, agreementTextSchema } from '@klaster/domain';
import { SqliteEventStore, type RecordedEvent } from '@klaster/event-store';
import { ENTRY, startServerProcess } from '../support/server-process';
import { readImportFile } from '../../apps/server/src/imports/import-file';

// Each test starts the CLI (and one a server) as processes of their own: slow to start on a busy machine.
jest.setTimeout(300_000);

const agreement = { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] };
const members = Array.from({ length: 25 }, (_, i) => `m${i + 1}`);
const line = (type: string, params: object, body: object) => JSON.stringify({ type, params, body });

/** A cluster of 2013 and four council meetings of 2015, every ballot named: about 250 acts. */
function longHistory(): string[] {
  const textHash = agreementTextHash(agreementTextSchema.parse(agreement));
  const founding = { occurredAt: '2013-05-10', reference: 'Porozumienie z 10.05.2013' };
  const lines = [
    line('FoundCluster', {}, {
      clusterId: 'dlugi', name: 'Klaster z długą historią', foundedOn: '2013-05-10', coordinatorMemberId: 'm1', agreement, ...founding,
      foundingMembers: members.map((m) => ({ memberId: m, organisation: { name: `Organizacja ${m}`, sector: 'business' }, representative: { personId: m.replace('m', 'p'), role: 'Prezes' } })),
    }),
    ...members.map((m) => line('SignAgreement', { clusterId: 'dlugi', memberId: m }, { textHash, ...founding })),
  ];
  for (const q of [1, 2, 3, 4]) {
    const mt = `dlugi.rada-2015-q${q}`;
    const day = `2015-${String(q * 3 - 1).padStart(2, '0')}-10`;
    const at = (time: string) => ({ occurredAt: `${day}T${time}:00+01:00`, reference: `Protokół nr ${q}/2015` });
    lines.push(
      line('ConveneMeeting', { clusterId: 'dlugi' }, { meetingId: `rada-2015-q${q}`, kind: 'council', title: `Rada ${q}/2015`, scheduledFor: `${day}T10:00:00+01:00`, venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }], occurredAt: `${day.slice(0, 8)}01`, reference: 'Zawiadomienie' }),
      line('OpenMeeting', { meetingId: mt }, at('10:00')),
      ...members.map((m) => line('RecordAttendance', { meetingId: mt }, { memberId: m, presence: 'in_person', ...at('10:05') })),
      line('OpenVote', { meetingId: mt }, { voteId: 'u1', agendaItemId: 'a1', motion: `Uchwała ${q}/2015`, ...at('10:30') }),
      ...members.map((m, i) => line('CastBallot', { meetingId: mt, voteId: 'u1' }, { memberId: m, choice: i % 5 === 0 ? 'no' : 'yes', ...at('10:35') })),
      line('CloseVote', { meetingId: mt, voteId: 'u1' }, at('10:40')),
      line('CloseMeeting', { meetingId: mt }, at('11:00')),
    );
  }
  return lines;
}

/** Runs the CLI to its end: exit code and output. */
function cli(args: string[], dataDir: string, onStderr?: (text: string, kill: () => void) => void): Promise<{ code: number | string | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [ENTRY.cli, ...args], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => {
    stderr += c;
    onStderr?.(stderr, () => child.kill('SIGKILL'));
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code: code ?? signal, stdout, stderr })));
}

async function readLog(dataDir: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
  const all: RecordedEvent[] = [];
  try {
    for await (const e of store.readAll()) all.push(e);
  } finally {
    await store.close();
  }
  return all;
}

describe('npm run cli -- import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'klaster-import-cli-'));
  const file = join(dir, 'history.jsonl');
  const lines = longHistory();
  // The whole history, for every test that imports it (each into a data folder of its own).
  beforeAll(() => writeFileSync(file, lines.join('\n')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a dry run stops at the bad line, says why, and writes nothing', async () => {
    const data = join(dir, 'dry');
    const bad = join(dir, 'bad.jsonl');
    // Line 60 (m4's ballot) comes before the vote is open: the vote does not exist yet.
    const withBad = [...lines.slice(0, 59), line('CastBallot', { meetingId: 'dlugi.rada-2015-q1', voteId: 'u2' }, { memberId: 'm4', choice: 'yes', occurredAt: '2015-02-10T10:35:00+01:00', reference: 'x' }), ...lines.slice(59)];
    writeFileSync(bad, withBad.join('\n'));
    const refused = await cli(['import', bad, '--as', 'p1', '--dry-run'], data);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`${bad}: refused at line 60 (CastBallot): 404 not_found — Vote 'u2' does not exist`);
    expect(refused.stdout).toContain('Nothing was written.');
    expect(await readLog(data)).toEqual([]);
  });

  it('is killed midway, runs again and finishes: every act is in the log once, in the order of the file; a third run writes nothing', async () => {
    const data = join(dir, 'crash');
    // Killed (SIGKILL: no clean-up) once it has recorded 40 acts.
    const killed = await cli(['import', file, '--as', 'p1', '--verbose'], data, (stderr, kill) => {
      if ((stderr.match(/^ {2}line \d+:/gm) ?? []).length >= 40) kill();
    });
    expect(killed.code).toBe('SIGKILL');
    const partial = (await readLog(data)).filter((e) => e.metadata.causationId.startsWith('import:'));
    const partialActs = new Set(partial.map((e) => e.metadata.causationId)).size;
    expect(partialActs).toBeGreaterThanOrEqual(40);
    expect(partialActs).toBeLessThan(lines.length);

    const resumed = await cli(['import', file, '--as', 'p1'], data);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`recorded ${lines.length - partialActs} of ${lines.length} acts \\(${partialActs} already in the log\\)`));
    expect(resumed.stderr).toMatch(/\d+\/\d+ acts recorded \(100%\)/);

    // The log holds each act once, in the file's order: its events carry the key of its line.
    const log = await readLog(data);
    const acts: { cause: string; events: string[] }[] = [];
    for (const e of log.filter((x) => x.metadata.causationId.startsWith('import:'))) {
      if (acts[acts.length - 1]?.cause === e.metadata.causationId) acts[acts.length - 1].events.push(e.type);
      else acts.push({ cause: e.metadata.causationId, events: [e.type] });
    }
    expect(acts.map((a) => a.cause)).toEqual(readImportFile(lines.join('\n')).map((l) => `import:${l.key}`));
    const firstEvent: Record<string, string> = { FoundCluster: 'ClusterFounded', SignAgreement: 'AgreementSigned', ConveneMeeting: 'MeetingConvened', OpenMeeting: 'MeetingOpened', RecordAttendance: 'AttendanceRecorded', OpenVote: 'VoteOpened', CastBallot: 'BallotCast', CloseVote: 'VoteClosed', CloseMeeting: 'MeetingClosed' };
    expect(acts.map((a) => a.events[0])).toEqual(lines.map((l) => firstEvent[JSON.parse(l).type]));
    expect(acts.filter((a) => a.events.length > 1).map((a) => a.events[0])).toEqual(['ClusterFounded']);
    // Each vote was numbered once, in the year it closed.
    const numbers = log.filter((e) => e.type === 'ResolutionNumberAssigned').map((e) => (e.data as { number: string }).number);
    expect(numbers).toEqual(['1/2015', '2/2015', '3/2015', '4/2015']);

    const again = await cli(['import', file, '--as', 'p1'], data);
    expect(again.stdout).toContain(`recorded 0 of ${lines.length} acts (${lines.length} already in the log)`);
    expect(await readLog(data)).toHaveLength(log.length);
  });

  it('refuses to work on a data folder a running server holds, and says how to send the file to it instead', async () => {
    const data = join(dir, 'served');
    const server = await startServerProcess({ DATA_DIR: data });
    try {
      const refused = await cli(['import', file, '--as', 'p1'], data);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`The data folder ${data} is in use by a running Klaster server`);
      expect(refused.stderr).toContain('/api/imports');
      expect(existsSync(join(data, 'events.sqlite')) ? await readLog(data) : []).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
