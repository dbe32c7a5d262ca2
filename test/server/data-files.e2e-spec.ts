import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '@klaster/identity';
import { startServer, type RunningServer } from '../../apps/server/src/bootstrap';
import { loadConfig } from '../../apps/server/src/config/app-config';
import { startTestServer, type TestServer } from '../support/test-server';

/** Every file under a folder, with its bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

describe('files holding secrets and personal data', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-modes-'));
    // A people file left by an older version, readable by everyone: closed up at start.
    writeFileSync(join(dir, 'people.sqlite'), '');
    chmodSync(join(dir, 'people.sqlite'), 0o644);
    process.umask(0o022);
    server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir }), { logger: false });
  });
  afterAll(async () => {
    await server.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are readable by the server’s user only (0600): jwt-secret, people, ballot box, idempotent answers, identity, rate-limit counts, and their -wal and -shm', async () => {
    const token = await mintToken(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim(), 'anna');
    const put = await fetch(`${server.url}/api/people/me`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Anna' }),
    });
    expect(put.status).toBe(200);
    const answered = await fetch(`${server.url}/api/clusters/none/members/m/withdrawal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: JSON.stringify({ withdrawnOn: '2024-01-01', writtenNoticeRef: 'x' }),
    });
    expect(answered.status).toBe(404);
    const modes = Object.fromEntries(
      ['jwt-secret', ...['people', 'ballot-box', 'server', 'identity', 'rate-limits'].flatMap((f) => [`${f}.sqlite`, `${f}.sqlite-wal`, `${f}.sqlite-shm`])].map((f) => [
        f,
        (statSync(join(dir, f)).mode & 0o777).toString(8),
      ]),
    );
    expect(modes).toEqual(Object.fromEntries(Object.keys(modes).map((f) => [f, '600'])));
  });
});

describe('erasing a person', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const erin = { displayName: 'Erazmus Qxzapomniany', email: 'erazmus.qx@example.org', phone: '+48 600 111 222' };
  const ola = { displayName: 'Ola Qxpamiętana', email: 'ola.qx@example.org', phone: '+48 600 333 444' };
  const traces = (values: string[]) =>
    filesUnder(server.dataDir).flatMap(({ path, bytes }) => values.filter((v) => bytes.includes(Buffer.from(v, 'utf8'))).map((v) => `${path}: ${v}`));

  it('leaves no readable byte of their name, e-mail or phone in any file of the data folder, while others keep theirs', async () => {
    // Earlier versions of the details too: each update leaves old page images behind.
    const earlier = { displayName: 'Erazmus Qxwcześniejszy', email: 'stary.qx@example.org', phone: '+48 600 999 000' };
    expect((await server.call('PUT', '/api/people/me', { as: 'erin', body: earlier })).status).toBe(200);
    expect((await server.call('PUT', '/api/people/me', { as: 'erin', body: erin })).status).toBe(200);
    expect((await server.call('PUT', '/api/people/me', { as: 'ola', body: ola })).status).toBe(200);
    expect(traces(Object.values(erin)).length).toBeGreaterThan(0); // the scan finds what is there

    // Erased while someone else updates their details at the same moment.
    const [erased, updated] = await Promise.all([
      server.call('DELETE', '/api/people/erin', { as: 'erin' }),
      server.call('PUT', '/api/people/me', { as: 'ola', body: { ...ola, phone: '+48 600 333 445' } }),
    ]);
    expect(erased.status).toBe(204);
    expect(updated.status).toBe(200);

    expect(traces([...Object.values(erin), ...Object.values(earlier)])).toEqual([]);
    expect(traces([ola.displayName, ola.email])).not.toEqual([]);
    expect((await server.call('GET', '/api/people/erin', { as: 'erin' })).body).toMatchObject({ displayName: '(erased)', email: null, phone: null });
  });
});
