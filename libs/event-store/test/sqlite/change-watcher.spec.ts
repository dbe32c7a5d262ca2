import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ChangeWatcher } from '../../src/sqlite/change-watcher';

/**
 * The watcher that wakes live subscriptions when another connection (another process) commits to the
 * log file. Two connections of this process stand for the two processes: SQLite's data_version changes
 * for a connection when any *other* connection commits. The interval is driven by jest's fake timers.
 */
describe('ChangeWatcher', () => {
  let dir: string;
  let reader: Database.Database;
  let other: Database.Database;
  let commits: EventEmitter;
  let heard: number;
  let watcher: ChangeWatcher;

  beforeEach(() => {
    jest.useFakeTimers();
    dir = mkdtempSync(join(tmpdir(), 'klaster-watcher-'));
    const path = join(dir, 'log.sqlite');
    reader = new Database(path);
    reader.pragma('journal_mode = WAL');
    reader.exec('CREATE TABLE t (x INTEGER)');
    other = new Database(path);
    commits = new EventEmitter();
    heard = 0;
    commits.on('commit', () => heard++);
    watcher = new ChangeWatcher(reader, commits, 50);
  });
  afterEach(() => {
    watcher.stop();
    jest.useRealTimers();
    reader.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const commitElsewhere = () => other.prepare('INSERT INTO t VALUES (1)').run();
  const tick = () => jest.advanceTimersByTime(50);

  it('announces one commit per check that finds another connection committed, and none otherwise', () => {
    watcher.retain();
    tick();
    expect(heard).toBe(0);
    commitElsewhere();
    commitElsewhere();
    expect(heard).toBe(0);
    tick();
    expect(heard).toBe(1);
    tick();
    expect(heard).toBe(1);
    commitElsewhere();
    tick();
    expect(heard).toBe(2);
  });

  it('does not announce the reader connection’s own commits', () => {
    watcher.retain();
    reader.prepare('INSERT INTO t VALUES (2)').run();
    tick();
    expect(heard).toBe(0);
  });

  it('ignores commits made before anyone listened', () => {
    commitElsewhere();
    watcher.retain();
    tick();
    expect(heard).toBe(0);
  });

  it('checks while at least one subscription listens, and stops with the last', () => {
    watcher.retain();
    watcher.retain();
    watcher.release();
    commitElsewhere();
    tick();
    expect(heard).toBe(1);
    watcher.release();
    commitElsewhere();
    tick();
    expect(heard).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
    // A release too many changes nothing; listening again starts from the file as it is now.
    watcher.release();
    watcher.retain();
    tick();
    expect(heard).toBe(1);
    commitElsewhere();
    tick();
    expect(heard).toBe(2);
  });

  it('keeps no check running after the last listener goes, even after a release too many', () => {
    watcher.release();
    watcher.retain();
    watcher.retain();
    watcher.release();
    expect(jest.getTimerCount()).toBe(1);
    watcher.release();
    expect(jest.getTimerCount()).toBe(0);
    commitElsewhere();
    tick();
    expect(heard).toBe(0);
  });

  it('stops at once, whoever still listens', () => {
    watcher.retain();
    watcher.retain();
    watcher.stop();
    expect(jest.getTimerCount()).toBe(0);
    commitElsewhere();
    tick();
    expect(heard).toBe(0);
  });

  it('goes quiet instead of failing when its connection is closing', () => {
    watcher.retain();
    commitElsewhere();
    reader.close();
    expect(() => tick()).not.toThrow();
    expect(heard).toBe(0);
    reader = new Database(join(dir, 'log.sqlite'));
  });
});
