import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TokenVerifier } from '@klaster/identity';
import { SqliteEventStore } from '@klaster/event-store';
import { newEvents } from '../../libs/event-store/test/contract/fixtures';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, '../../apps/cli/src/main.ts'), ...args], {
    env: { ...process.env, ...env },
  });

describe('apps/cli', () => {
  const dir = mkdtempSync(join(tmpdir(), 'klaster-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mints a development token the server accepts, with the person as sub', async () => {
    const secret = 'cli-secret-cli-secret-cli-secret-0001';
    const { stdout } = await cli(['token', 'anna-kowalska'], { JWT_SECRET: secret });
    expect(await new TokenVerifier({ kind: 'secret', secret }).personId(stdout.trim())).toBe('anna-kowalska');
  });

  it('verifies the log and says it is intact', async () => {
    const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    await store.append('cluster-x', newEvents(3), { expectedRevision: 'no_stream' });
    await store.close();
    const { stdout } = await cli(['verify'], { DATA_DIR: dir });
    expect(stdout).toContain('3 events in 1 streams checked');
    expect(stdout).toContain('intact');
  });
});
