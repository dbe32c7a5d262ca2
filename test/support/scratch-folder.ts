import { accessSync, constants, mkdtempSync, rmSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

/** A parent folder for the run's temporary files other than /dev/shm (or `default` for the system's own). */
export const TEST_TMPDIR = 'KLASTER_TEST_TMPDIR';

/**
 * Points TMPDIR (so os.tmpdir() in jest's workers and in every process they start) at a folder of this
 * run on a memory file system, /dev/shm when the machine has one: every data folder, log and browser
 * profile the tests make lands there. SQLite's fsync then costs nothing, where on this machine's disk it
 * cost most of each command's time. The tests are the same: a process killed with SIGKILL loses nothing
 * it had handed to the operating system on any file system; only a power cut tells them apart, and no
 * test makes one (the PostgreSQL test cluster runs with fsync off for the same reason). Answers the
 * folder, removed by `removeScratchFolder` (the teardown); undefined when it keeps the system's.
 */
export function useScratchFolder(): string | undefined {
  const chosen = process.env[TEST_TMPDIR];
  const parent = chosen || '/dev/shm';
  if (parent === 'default' || !writableFolder(parent)) return undefined;
  // A container's /dev/shm is often 64 MiB: the run's logs, stores and browser profiles need more.
  if (!chosen && freeBytes(parent) < MIN_FREE_SHM) return undefined;
  const folder = mkdtempSync(join(parent, 'klaster-test-'));
  process.env.TMPDIR = folder;
  return folder;
}

export function removeScratchFolder(folder: string | undefined): void {
  if (folder) rmSync(folder, { recursive: true, force: true });
}

const MIN_FREE_SHM = 4 * 1024 ** 3;

function freeBytes(path: string): number {
  const { bavail, bsize } = statfsSync(path);
  return bavail * bsize;
}

function writableFolder(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
