import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mintToken } from '@klaster/identity';
import { runBuiltCli as cli } from '../support/built-cli';
import { startTestServer, TEST_SECRET } from '../support/test-server';
import { auditedCluster, download } from '../audit/audit-fixture';

jest.setTimeout(300_000);

/** No language from the test runner's own environment: each case says which it sets. */
const NO_LANGUAGE = { KLASTER_LANG: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' };

describe('the CLI in Polish and English (--lang, KLASTER_LANG, LANG; the CLI as built for the Docker image)', () => {
  const files = mkdtempSync(join(tmpdir(), 'klaster-languages-'));
  let dataDir: string;
  let truncatedDir: string;
  let meetingStream: string;
  const run = (args: string[], env: Record<string, string> = {}) => cli(args, { ...NO_LANGUAGE, DATA_DIR: dataDir, ...env });

  beforeAll(async () => {
    const server = await startTestServer({ SEAL_INTERVAL: '0' });
    dataDir = server.dataDir;
    const { meetingId } = await auditedCluster(server);
    meetingStream = `meeting-${meetingId}`;
    const token = (p: string) => mintToken(TEST_SECRET, p);
    writeFileSync(join(files, 'seal-key.pem'), (await download(server, '/.well-known/klaster-seal-key', null, token)).bytes);
    writeFileSync(join(files, 'kl.jsonl'), (await download(server, '/api/clusters/kl/audit/export.jsonl', 'aud', token)).bytes);
    const lines = readFileSync(join(files, 'kl.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(files, 'cut.jsonl'), lines.slice(0, -3).join('\n'));
    const proof = await server.call('GET', '/api/clusters/kl/audit/proof?stream=resolutions-kl&revision=0', { as: 'aud' });
    writeFileSync(join(files, 'proof.json'), JSON.stringify(proof.body));
    writeFileSync(join(files, 'forged.json'), JSON.stringify({ ...proof.body.event, data: { ...proof.body.event.data, number: '9/1999' } }));
    await server.app.close();
    // A copy of the log whose meeting stream lost its last two events after the seal (as an attacker with the file would do it).
    truncatedDir = mkdtempSync(join(tmpdir(), 'klaster-languages-cut-'));
    for (const file of ['events.sqlite', 'events.sqlite-wal']) if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(truncatedDir, file));
    const db = new Database(join(truncatedDir, 'events.sqlite'));
    try {
      db.exec('DROP TRIGGER IF EXISTS events_are_never_deleted;');
      db.prepare('DELETE FROM events WHERE stream_id = ? AND revision > (SELECT MAX(revision) - 2 FROM events WHERE stream_id = ?)').run(meetingStream, meetingStream);
    } finally {
      db.close();
    }
  });
  afterAll(() => {
    for (const dir of [dataDir, truncatedDir, files]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const key = () => join(files, 'seal-key.pem');

  it('verifies an intact export in Polish with --lang pl, and says so in English by default (exit 0 both)', async () => {
    const args = ['audit', 'verify', '--file', join(files, 'kl.jsonl'), '--public-key', key()];
    // At once: each run speaks its own language.
    const [polish, english] = await Promise.all([run([...args, '--lang', 'pl']), run(args)]);
    expect(polish.stdout).toMatch(/^Sprawdzono \d+ zdarzeń eksportu pełnego; pieczęć 1 \(korzeń [0-9a-f]{64}\)\.$/m);
    expect(polish.stdout).toContain(`Podpis sprawdzono kluczem z ${key()}.`);
    expect(polish.stdout).toContain('Zapis jest nienaruszony.');
    expect(polish.stdout).not.toContain('The record is intact.');
    expect(polish.code).toBe(0);
    expect(english.stdout).toMatch(/^\d+ events of an unfiltered export checked; seal 1 \(root [0-9a-f]{64}\)\.$/m);
    expect(english.stdout).toContain('The record is intact.');
    expect(english.code).toBe(0);
  });

  it('names a truncated export in Polish when LANG=pl_PL.UTF-8, exit 1', async () => {
    const cut = await run(['audit', 'verify', '--file', join(files, 'cut.jsonl')], { LANG: 'pl_PL.UTF-8' });
    expect(cut.stdout).toContain('PIERWSZE NARUSZENIE: UCIĘCIE: strumień -: eksport nie kończy się swoją pieczęcią: został ucięty');
    // The data folder's seal-key.pem is taken as the key: the cut export has no seal for it to check.
    expect(cut.stdout).toContain('Nie sprawdzono podpisu: eksport nie zawiera pieczęci do sprawdzenia.');
    expect(cut.stdout).toMatch(/^Znaleziono 1 problem\.$/m);
    expect(cut.code).toBe(1);
    const english = await run(['audit', 'verify', '--file', join(files, 'cut.jsonl')]);
    expect(english.stdout).toContain('FIRST BROKEN: TRUNCATED: stream -: the export does not end with its seal: it was cut short');
    expect(english.code).toBe(1);
  });

  it('verifies the intact log in Polish, and names the first broken event of a truncated log in Polish (--lang before the command too)', async () => {
    const intact = await run(['audit', 'verify', '--public-key', key()], { LANG: 'pl_PL.UTF-8' });
    expect(intact.stdout).toMatch(/^Sprawdzono \d+ zdarzeń w \d+ strumieniach; pieczęcie: 1, podpisy: 1\.$/m);
    expect(intact.stdout).toContain('Zapis jest nienaruszony.');
    expect(intact.code).toBe(0);
    const broken = await run(['--lang', 'pl', 'audit', 'verify', '--public-key', key()], { DATA_DIR: truncatedDir });
    expect(broken.stdout).toMatch(
      new RegExp(`^PIERWSZE NARUSZENIE: UCIĘCIE: strumień ${meetingStream.replace('.', '\\.')}, rewizja (\\d+): strumień kończy się na rewizji \\d+, a pieczęć 1 potwierdziła rewizję \\1 \\(wykazała to pieczęć 1 klastra kl, pozycja \\d+\\)$`, 'm'),
    );
    expect(broken.stdout).not.toContain('FIRST BROKEN');
    expect(broken.code).toBe(1);
  });

  it('prints a replayed cluster in Polish: Polish words, days as Poles write them, the cluster’s time zone', async () => {
    const polish = await run(['audit', 'replay', '--cluster', 'kl', '--as-of', '2023-01-15', '--lang', 'pl']);
    expect(polish.code).toBe(0);
    const lines = polish.stdout.split('\n');
    expect(lines[0]).toMatch(/^.+ \(kl\) na koniec dnia 15 sty 2023 \(Europe\/Warsaw\) — odtworzono z \d+ zdarzeń zapisu$/);
    expect(lines).toContain('Lider (koordynator): Organizacja 1 [m1], reprezentowany przez p1');
    expect(lines).toContain('Członkowie (aktywni: 4 z 4):');
    expect(lines).toContain('  ● Organizacja 1 [m1] — członek zwyczajny, przedsiębiorstwo, aktywny; przyjęty 10 sty 2023; przedstawiciel p1');
    expect(lines.some((l) => l.startsWith('Organy: rada: '))).toBe(true);
    const english = await run(['audit', 'replay', '--cluster', 'kl', '--as-of', '2023-01-15']);
    expect(english.stdout).toContain('as of the end of 2023-01-15 (Europe/Warsaw)');
    expect(english.stdout).toContain('Members (4 active of 4):');
  });

  it('takes KLASTER_LANG before LANG, and --lang before both', async () => {
    const english = await run(['audit', 'verify', '--file', join(files, 'kl.jsonl')], { KLASTER_LANG: 'en', LANG: 'pl_PL.UTF-8' });
    expect(english.stdout).toContain('The record is intact.');
    const polish = await run(['audit', 'verify', '--file', join(files, 'kl.jsonl'), '--lang', 'pl'], { KLASTER_LANG: 'en' });
    expect(polish.stdout).toContain('Zapis jest nienaruszony.');
  });

  it('refuses a language it does not have, checking nothing (exit 1)', async () => {
    const refused = await run(['audit', 'verify', '--file', join(files, 'kl.jsonl'), '--lang', 'de']);
    expect(refused.stderr).toMatch(/option '--lang <language>' argument 'de' is invalid\. Allowed choices are pl, en/);
    expect(refused.stdout).toBe('');
    expect(refused.code).toBe(1);
  });

  it('checks an inclusion proof in Polish and names a forged event', async () => {
    const forged = await run(['audit', 'check-proof', join(files, 'proof.json'), '--event', join(files, 'forged.json'), '--public-key', key(), '--lang', 'pl']);
    expect(forged.stdout).toMatch(/^Pieczęć 1 klastra kl, \d{1,2} \S+ \d{4}, \d{2}:\d{2} \(UTC\), korzeń [0-9a-f]{64}, obejmuje pozycję \d+$/m);
    expect(forged.stdout).toContain('NARUSZENIE: podane zdarzenie nie jest zdarzeniem, którego dotyczy dowód (resolutions-kl@0)');
    expect(forged.code).toBe(1);
  });
});
