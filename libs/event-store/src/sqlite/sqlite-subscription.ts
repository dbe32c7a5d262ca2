import type { EventEmitter } from 'node:events';
import { matchesFilter } from '../port/filter';
import type { EventFilter, Subscription, SubscriptionMessage } from '../port/types';
import type { ForwardChainCheck } from '../hash-chain/chain-check';
import { COL, readRow, type EventRow } from './rows';

export interface SqliteSubscriptionOptions {
  fromPosition: bigint;
  filter?: EventFilter;
  pageSize: number;
  readPageAfter: (after: bigint) => EventRow[];
  /** Checks each event's hash and link as it is delivered: a damaged one ends the subscription with DamagedEvent. */
  chain: ForwardChainCheck;
  /** Emits 'commit' after each group commit of this process, and when the watcher sees another process's. */
  commits: EventEmitter;
  /** Watches the file for commits by other processes while this subscription lives. */
  watcher: { retain(): void; release(): void };
  onEnd: () => void;
}

/**
 * Catch-up and live are one loop over "events after my last position", so the switch between them
 * can neither skip nor repeat an event: SQLite commits are serialised and a reader never sees a later
 * position before an earlier one is committed — also across processes: positions are handed out inside
 * the write transaction, and SQLite lets one process write at a time. Once caught up it waits for the
 * next commit, this process's (group commit's signal) or another's (the change watcher's).
 */
export class SqliteSubscription implements Subscription {
  private stopped = false;
  private released = false;
  private commitSeq = 0;
  private wake: (() => void) | undefined;
  private readonly iterator: AsyncGenerator<SubscriptionMessage>;
  private readonly onCommit = () => {
    this.commitSeq++;
    this.wake?.();
  };

  constructor(private readonly options: SqliteSubscriptionOptions) {
    options.commits.on('commit', this.onCommit);
    options.watcher.retain();
    this.iterator = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.iterator;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.release();
  }

  private async *run(): AsyncGenerator<SubscriptionMessage> {
    const { filter, pageSize } = this.options;
    let last = this.options.fromPosition;
    let caughtUp = false;
    try {
      while (!this.stopped) {
        const seenCommits = this.commitSeq;
        const rows = this.options.readPageAfter(last);
        let skippedToEnd = false;
        for (const row of rows) {
          last = row[COL.position];
          if (matchesFilter(filter, row[COL.streamId], row[COL.type])) {
            skippedToEnd = false;
            const event = readRow(row);
            this.options.chain.check(event, row[COL.data]);
            yield { kind: 'event', event };
            if (this.stopped) return;
          } else {
            skippedToEnd = true;
          }
        }
        // Lets a filtered consumer save progress past events it never sees.
        if (skippedToEnd) yield { kind: 'checkpoint', position: last };
        if (rows.length < pageSize) {
          if (!caughtUp) {
            caughtUp = true;
            yield { kind: 'caught_up', position: last };
          }
          if (this.stopped) return;
          if (this.commitSeq === seenCommits) await this.waitForCommit();
        }
      }
    } finally {
      this.release();
    }
  }

  private waitForCommit(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.options.commits.off('commit', this.onCommit);
    this.options.watcher.release();
    this.options.onEnd();
  }
}
