import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { TokenVerifier } from '@klaster/identity';
import { SqliteEventStore } from '@klaster/event-store';
import { READ_MODELS_CHECKPOINT, ReadModelStore } from '@klaster/projections';
import { newEvents } from '../../libs/event-store/test/contract/fixtures';
import { RandomGovernance, seededRandom } from '../../libs/projections/test/random-governance';
import { ENTRY } from '../support/server-process';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, [ENTRY.cli, ...args], {
    env: { ...process.env, ...env },
  });

describe('apps/cli', () => {
  const dir = mkdtempSync(join(tmpdir(), 'klaster-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mints a development token the server accepts, with the person as sub', async () => {
    const secret = 'cli-secret-cli-secret-cli-secret-0001';
    const { stdout } = await cli(['token', 'anna-kowalska'], { JWT_SECRET: secret });
    expect(await new TokenVerifier({ kind: 'secret', secret }).personId(stdout.trim())).toBe('anna-kowalska');
    // It expires: a token without exp would be refused.
    const { exp, iat } = decodeJwt(stdout.trim());
    expect(exp! - iat!).toBe(8 * 3600);
  });

  it('verifies the log and says it is intact', async () => {
    const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    await store.append('cluster-x', newEvents(3), { expectedRevision: 'no_stream' });
    await store.close();
    const { stdout } = await cli(['verify'], { DATA_DIR: dir });
    expect(stdout).toContain('3 events in 1 streams checked');
    expect(stdout).toContain('intact');
  });

  describe('projections rebuild', () => {
    const data = join(dir, 'rebuild');
    let head: bigint;
    beforeAll(async () => {
      const store = SqliteEventStore.open({ path: join(data, 'events.sqlite') });
      await new RandomGovernance(store, seededRandom(7)).run(400);
      head = await store.headPosition();
      await store.close();
      // What is there before is dropped: a stale document and a checkpoint the log never reached.
      const models = new ReadModelStore(join(data, 'read-models.sqlite'));
      models.commit(READ_MODELS_CHECKPOINT, head + 500n, [{ collection: 'stale', key: 'x', clusterId: null, doc: { left: 'over' } }]);
      models.close();
    });

    it('drops every read model and rebuilds them from the log, printing the rate', async () => {
      const { stdout } = await cli(['projections', 'rebuild'], { DATA_DIR: data });
      expect(stdout).toMatch(new RegExp(`Rebuilt the read models from [\\d,]+ events up to position ${head} in [\\d.]+ s: [\\d,]+ events/s`));
      const models = new ReadModelStore(join(data, 'read-models.sqlite'));
      try {
        expect(models.checkpoint(READ_MODELS_CHECKPOINT)).toBe(head);
        expect(models.collections()).toEqual(expect.arrayContaining(['clusters', 'meetings', 'resolutions']));
        expect(models.collections()).not.toContain('stale');
        expect(models.all('clusters').length).toBeGreaterThan(0);
      } finally {
        models.close();
      }
    });

    it('refuses while a server holds the read models, naming it, and says to stop it', async () => {
      const server = new ReadModelStore(join(data, 'read-models.sqlite'), { exclusive: true, role: 'a Klaster server' });
      // What the read models hold before (the beforeAll's, or a rebuild's if that test ran first): the refused rebuild leaves it.
      const before = server.checkpoint(READ_MODELS_CHECKPOINT);
      try {
        const failure = await cli(['projections', 'rebuild'], { DATA_DIR: data }).then(
          () => undefined,
          (error: { code: number; stderr: string }) => error,
        );
        expect(failure?.code).toBe(1);
        expect(failure?.stderr).toContain(`in use by a Klaster server (pid ${process.pid}, since`);
        expect(failure?.stderr).toContain('Stop it, then run the rebuild again');
        expect(server.checkpoint(READ_MODELS_CHECKPOINT)).toBe(before);
      } finally {
        server.close();
      }
    });

    it('says so when there is no log', async () => {
      const failure = await cli(['projections', 'rebuild'], { DATA_DIR: join(dir, 'empty') }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain('No event store at');
      expect(existsSync(join(dir, 'empty', 'read-models.sqlite'))).toBe(false);
    });
  });
});
