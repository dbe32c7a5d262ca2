/**
 * What every part of `npm run bench:live` shares: the shape of a part, the run's settings, a seeded
 * PRNG, temp directories, the machine description and the helpers that format figures.
 */
import { mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { arch, cpus, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

/** One independent measurement of the live benchmark, with its own floor measured in the same run. */
export interface LivePart {
  /** Selects the part: BENCH_LIVE_PARTS=rebuild,… */
  key: string;
  /** Its heading in docs/benchmarks.md. */
  title: string;
  run(): Promise<PartReport>;
}

export interface PartReport {
  /** Markdown for docs/benchmarks.md: the part's table, its ratio against its target, and notes. */
  markdown: string[];
  /** Met every target of the part (undefined when it has none). */
  targetsMet?: boolean;
}

export const now = () => performance.now();

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

// The same generator the projections' random scenario uses.
export { seededRandom } from '../../libs/projections/test/seeded-random';


/** A temp directory (under BENCH_TMPDIR if set), removed by dispose(). */
export function tempDir(name: string): { path: string; dispose(): void } {
  const path = mkdtempSync(join(process.env.BENCH_TMPDIR || tmpdir(), `klaster-bench-${name}-`));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

export function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

const FS_TYPES: Record<number, string> = { 0xef53: 'ext4', 0x01021994: 'tmpfs', 0x794c7630: 'overlayfs', 0x9123683e: 'btrfs', 0x58465342: 'xfs', 0x2fc12fc1: 'zfs' };

function filesystemOf(path: string): string {
  try {
    const type = statfsSync(path).type;
    return FS_TYPES[type] ?? `fs type 0x${type.toString(16)}`;
  } catch {
    return 'unknown fs';
  }
}

export function machineDescription(sqliteVersion: string): string[] {
  const cpu = cpus();
  const dir = process.env.BENCH_TMPDIR || tmpdir();
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length} logical cores`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${osType()} ${release()} ${arch()}; temp files in ${dir} (${filesystemOf(dir)})`,
    `- Node ${process.version}; better-sqlite3 ${packageVersion('better-sqlite3')} (SQLite ${sqliteVersion}); zod ${packageVersion('zod')}`,
  ];
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const seconds = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));

/** The median of the figures (the lower middle for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The SQLite library better-sqlite3 was built with (for the machine description). */
export function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}
