import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the tests find PostgreSQL: a server URL (the cluster below, or a developer's own). */
export const TEST_DATABASE_URL = 'KLASTER_TEST_DATABASE_URL';
/** Why there is none, for the suites that skip. */
export const POSTGRES_SKIPPED = 'KLASTER_TEST_POSTGRES_SKIPPED';
/** The cluster's data folder, when this run made the cluster (tests then look into its files). */
export const POSTGRES_DATA_DIR = 'KLASTER_TEST_POSTGRES_DATA';

export interface TestCluster {
  url: string;
  dataDir: string;
  stop(): void;
}

/**
 * A throw-away PostgreSQL cluster for the test run, made with Debian's `initdb` and `pg_ctl` in a
 * temporary folder: no TCP port (a Unix socket in that folder), fsync off (nothing here outlives the
 * run), trust authentication (only the folder's owner can reach the socket). PostgreSQL refuses to run
 * as root, so under root (CI) the cluster belongs to the `postgres` user the Debian package creates.
 * Returns the reason instead when PostgreSQL is not installed.
 */
export function startTestCluster(): TestCluster | { unavailable: string } {
  const bin = postgresBinaries();
  if (!bin) return { unavailable: 'PostgreSQL is not installed (apt-get install -y postgresql), and KLASTER_TEST_DATABASE_URL is not set' };
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? userId('postgres') : undefined;
  if (asRoot && !owner) return { unavailable: 'running as root, and there is no postgres user to run PostgreSQL as' };

  const dir = mkdtempSync(join(tmpdir(), 'klaster-pg-'));
  const data = join(dir, 'data');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const run = (tool: string, args: string[]): SpawnSyncReturns<string> => {
    const command = owner ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] as const : [join(bin, tool), args] as const;
    return spawnSync(command[0], command[1], { encoding: 'utf8', cwd: dir });
  };
  const fail = (what: string, result: SpawnSyncReturns<string>) => {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL test cluster: ${what} failed (${result.status}): ${result.stderr || result.stdout || result.error}`);
  };

  const init = run('initdb', ['-D', data, '-U', 'klaster', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C.UTF-8']);
  if (init.status !== 0) fail('initdb', init);
  const options = `-c listen_addresses='' -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  if (start.status !== 0) fail('pg_ctl start', start);

  let stopped = false;
  return {
    url: `postgresql://klaster@localhost/postgres?host=${encodeURIComponent(dir)}`,
    dataDir: data,
    stop() {
      if (stopped) return;
      stopped = true;
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian keeps the server's tools in /usr/lib/postgresql/<major>/bin, off the PATH: the newest there, else the PATH's. */
function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const major of majors) if (existsSync(join(root, major, 'bin', 'pg_ctl'))) return join(root, major, 'bin');
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.trim() : '';
  return found ? join(found, '..') : undefined;
}

function userId(name: string): { uid: number; gid: number } | undefined {
  const id = (flag: string) => spawnSync('id', [flag, name], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
