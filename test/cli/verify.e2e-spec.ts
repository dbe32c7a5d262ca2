import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@klaster/event-store';
import { newEvent, newEvents } from '../../libs/event-store/test/contract/fixtures';
import { ENTRY } from '../support/server-process';

const run = promisify(execFile);
/** `npm run cli -- verify` as an operator runs it: its exit code and what it printed. */
const verify = (dataDir: string) =>
  run(process.execPath, [ENTRY.cli, 'verify'], {
    env: { ...process.env, DATA_DIR: dataDir },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );

/** The intact case (exit 0) is in cli.e2e-spec.ts. */
describe('npm run cli -- verify on a tampered log', () => {
  let dir: string;
  const target = newEvent('AgreementSigned', { signatory: 'Gmina Zielonka-4242' });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-verify-'));
    const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    await store.append('cluster-v', newEvents(2), { expectedRevision: 'no_stream' });
    await store.append('cluster-v', [target], { expectedRevision: 1n });
    await store.append('cluster-v', newEvents(2), { expectedRevision: 2n });
    await store.close(); // checkpoints the WAL into the main file
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits non-zero and names the event when a byte of the file was changed', async () => {
    const path = join(dir, 'events.sqlite');
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from('Zielonka-4242'));
    expect(at).toBeGreaterThan(0);
    bytes[at + 9] = '3'.charCodeAt(0); // still valid JSON, different content
    writeFileSync(path, bytes);
    const result = await verify(dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(target.id);
  });

  it('exits non-zero when someone with SQL access dropped the guard and rewrote an event', async () => {
    const db = new Database(join(dir, 'events.sqlite'));
    try {
      db.exec('DROP TRIGGER events_are_immutable');
      db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(JSON.stringify({ signatory: 'Ktoś inny' }), target.id);
    } finally {
      db.close();
    }
    const result = await verify(dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(target.id);
  });
});
