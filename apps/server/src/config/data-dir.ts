import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What is wrong with a data folder the server cannot use, in words; undefined when it is usable. */
export function dataDirProblem(dir: string): string | undefined {
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return `${dir} cannot be used (${reason(error)})`;
    try {
      mkdirSync(dir, { recursive: true });
      isFolder = true;
    } catch (cause) {
      return `${dir} does not exist and cannot be created (${reason(cause)})`;
    }
  }
  if (!isFolder) return `${dir} is a file, not a folder`;
  // Only writing tells for sure (permissions, a read-only mount, a full disk).
  const probe = join(dir, `.klaster-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    return `${dir} is not writable (${reason(error)})`;
  }
  return undefined;
}

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOSPC: 'no space left on the device',
  EEXIST: 'a file is in the way',
};

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && WORDS[code]) ?? code ?? String(error);
}
