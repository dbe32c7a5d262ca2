import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mintToken } from '@klaster/identity';
import { runBuiltCli as cli } from '../support/built-cli';
import { serverDay } from '../support/server-clock';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { auditedCluster, download } from './audit-fixture';

/**
 * A copy of the data folder's events.sqlite edited as an attacker with the file would: the triggers that
 * refuse UPDATE and DELETE dropped for the edit. Answers the copy's folder.
 */
function tamperedCopy(dataDir: string, edit: (db: Database.Database) => void): string {
  const copy = mkdtempSync(join(tmpdir(), 'klaster-tampered-'));
  for (const file of ['events.sqlite', 'events.sqlite-wal']) if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(copy, file));
  const db = new Database(join(copy, 'events.sqlite'));
  try {
    db.exec('DROP TRIGGER IF EXISTS events_are_immutable; DROP TRIGGER IF EXISTS events_are_never_deleted;');
    edit(db);
  } finally {
    db.close();
  }
  return copy;
}

const positionOf = (db: Database.Database, streamId: string, revision: number) =>
  (db.prepare('SELECT position FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision) as { position: number }).position;

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

jest.setTimeout(300_000);

describe('npm run cli -- audit …, as the README has an auditor use it (the CLI as built for the Docker image)', () => {
  let server: TestServer;
  let meetingId: string;
  let meetingStream: string;
  const files = mkdtempSync(join(tmpdir(), 'klaster-auditor-'));
  let dataDir: string;
  /** The cluster's day as the server saw it (not the test's UTC date: they differ the hour before midnight in Warsaw). */
  let today: string;
  beforeAll(async () => {
    server = await startTestServer({ SEAL_INTERVAL: '0' });
    dataDir = server.dataDir;
    ({ meetingId } = await auditedCluster(server));
    meetingStream = `meeting-${meetingId}`;
    const token = (p: string) => mintToken(TEST_SECRET, p);
    writeFileSync(join(files, 'seal-key.pem'), (await download(server, '/.well-known/klaster-seal-key', null, token)).bytes);
    // The export seals the cluster first: the seal covers every event verify walks below.
    writeFileSync(join(files, 'kl.jsonl'), (await download(server, '/api/clusters/kl/audit/export.jsonl', 'aud', token)).bytes);
    const proof = await server.call('GET', '/api/clusters/kl/audit/proof?stream=resolutions-kl&revision=0', { as: 'aud' });
    today = serverDay(proof);
    writeFileSync(join(files, 'proof.json'), JSON.stringify(proof.body));
    writeFileSync(join(files, 'event.json'), JSON.stringify(proof.body.event));
    // The server stops (audit compare needs the read models to itself); its data folder stays.
    await server.app.close();
  });
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it('verifies the untouched log with its seal and signature, and exits 0', async () => {
    const intact = await cli(['audit', 'verify'], { DATA_DIR: dataDir });
    expect(intact.stdout).toMatch(/1 seal\(s\), 1 signature\(s\) checked/);
    expect(intact.stdout).toContain('The record is intact.');
    expect(intact.code).toBe(0);
  });

  // Each edit is made on a copy of the file; verify must exit 1 and name the first broken event and what broke.
  it.each<[string, (db: Database.Database, stream: string) => void, (stream: string) => RegExp]>([
    [
      'an event changed',
      (db, s) => db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = 3').run('{"forged":true}', s),
      (s) => new RegExp(`FIRST BROKEN: CHANGED: stream ${escaped(s)}, revision 3\\b`),
    ],
    [
      'an event deleted from the middle of a stream',
      (db, s) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 3').run(s),
      (s) => new RegExp(`FIRST BROKEN: MISSING: stream ${escaped(s)}, revision [34]\\b`),
    ],
    [
      'two events of a stream swapped in the log',
      (db, s) => {
        const [a, b] = [positionOf(db, s, 2), positionOf(db, s, 3)];
        db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
        db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
        db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
      },
      (s) => new RegExp(`FIRST BROKEN: REORDERED: stream ${escaped(s)}, revision [23]\\b`),
    ],
    [
      'a stream’s last two events deleted',
      (db, s) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision > (SELECT MAX(revision) - 2 FROM events WHERE stream_id = ?)').run(s, s),
      (s) => new RegExp(`FIRST BROKEN: TRUNCATED: stream ${escaped(s)}, revision \\d+: the stream ends at revision \\d+, but seal 1 committed to revision \\d+`),
    ],
  ])('exits 1 naming the first broken event when %s', async (_case, edit, named) => {
    const copy = tamperedCopy(dataDir, (db) => edit(db, meetingStream));
    try {
      const broken = await cli(['audit', 'verify', '--public-key', join(files, 'seal-key.pem')], { DATA_DIR: copy });
      expect(broken.stdout).toMatch(named(meetingStream));
      expect(broken.stdout).not.toContain('The record is intact.');
      expect(broken.code).toBe(1);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('verifies an export offline, and fails a copy cut short', async () => {
    const ok = await cli(['audit', 'verify', '--file', join(files, 'kl.jsonl'), '--public-key', join(files, 'seal-key.pem')], {});
    expect(ok.stdout).toContain('Signature checked with');
    expect(ok.stdout).toContain('The record is intact.');
    expect(ok.code).toBe(0);
    const lines = readFileSync(join(files, 'kl.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(files, 'cut.jsonl'), lines.slice(0, -3).join('\n'));
    const cut = await cli(['audit', 'verify', '--file', join(files, 'cut.jsonl')], {});
    expect(cut.stdout).toContain('FIRST BROKEN: TRUNCATED');
    expect(cut.code).toBe(1);
  });

  it('checks a resolution’s inclusion proof offline with the public key, and refuses a forged event', async () => {
    const held = await cli(['audit', 'check-proof', join(files, 'proof.json'), '--event', join(files, 'event.json'), '--public-key', join(files, 'seal-key.pem')], {});
    expect(held.stdout).toContain('The proof holds');
    expect(held.code).toBe(0);
    const event = JSON.parse(readFileSync(join(files, 'event.json'), 'utf8'));
    event.data.number = '9/1999';
    writeFileSync(join(files, 'forged.json'), JSON.stringify(event));
    const forged = await cli(['audit', 'check-proof', join(files, 'proof.json'), '--event', join(files, 'forged.json'), '--public-key', join(files, 'seal-key.pem')], {});
    expect(forged.stdout).toContain('BROKEN: the event given is not the event the proof is about');
    expect(forged.code).toBe(1);
  });

  it('prints the cluster as of a past day and a position, from the log alone, and refuses a point it cannot read', async () => {
    const founding = await cli(['audit', 'replay', '--cluster', 'kl', '--as-of', '2023-01-15', '--json'], { DATA_DIR: dataDir });
    expect(founding.code).toBe(0);
    const then = JSON.parse(founding.stdout);
    expect(then.members.map((m: { memberId: string }) => m.memberId)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(then).toMatchObject({ leader: { memberId: 'm1' }, charterVersion: 1, agreementVersion: 1, bodies: { council: 'Rada Klastra' } });
    const now = await cli(['audit', 'replay', '--cluster', 'kl', '--as-of', today], { DATA_DIR: dataDir });
    expect(now.stdout).toContain('Members (5 active of 5)');
    expect(now.stdout).toContain('Miasto [h1] — honorary');
    expect((await cli(['audit', 'replay', '--cluster', 'kl', '--as-of', '1'], { DATA_DIR: dataDir })).stdout).toContain('as of log position 1');
    const unreadable = await cli(['audit', 'replay', '--cluster', 'kl', '--as-of', 'yesterday'], { DATA_DIR: dataDir });
    expect(unreadable.stderr).toContain('--as-of: a day (YYYY-MM-DD) or a log position');
    expect(unreadable.code).toBe(1);
  });

  it('compares the read models with the log, and prints a difference', async () => {
    const same = await cli(['audit', 'compare'], { DATA_DIR: dataDir });
    expect(same.stdout).toContain('The read models are exactly what the log gives.');
    expect(same.code).toBe(0);
    const db = new Database(join(dataDir, 'read-models.sqlite'));
    // A member's name lives in the cluster's document or, split off, in its part rows (layout 8): edit it wherever it is.
    const edited = ['documents', 'document_parts'].map(
      (table) => db.prepare(`UPDATE ${table} SET json = replace(json, 'Organizacja 4', 'Organizacja X') WHERE collection = 'clusters' AND key = 'kl' AND json LIKE '%Organizacja 4%'`).run().changes,
    );
    db.close();
    expect(edited[0] + edited[1]).toBeGreaterThan(0);
    const different = await cli(['audit', 'compare'], { DATA_DIR: dataDir });
    expect(different.stdout).toContain('DIFFERENT (different): clusters kl');
    expect(different.stdout).toMatch(/-.*Organizacja X[\s\S]*\+.*Organizacja 4/);
    expect(different.code).toBe(1);
  });
});
