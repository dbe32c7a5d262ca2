import type { EventEmitter } from 'node:events';
import { matchesFilter } from '../port/filter';
import type { EventFilter, Subscription, SubscriptionMessage } from '../port/types';
import type { ForwardChainCheck } from '../hash-chain/chain-check';
import { COL, readRow, type EventRow } from './rows';

export interface SqliteSubscriptionOptions {
  fromPosition: bigint;
  filter?: EventFilter;
  pageSize: number;
  pollIntervalMs: number;
  readPageAfter: (after: bigint) => EventRow[];
  /** Checks each event's hash and link as it is delivered: a damaged one ends the subscription with DamagedEvent. */
  chain: ForwardChainCheck;
  /** Emits 'commit' after each group commit of this process. */
  commits: EventEmitter;
  onEnd: () => void;
}

/**
 * Catch-up and live are one loop over "events after my last position", so the switch between them
 * can neither skip nor repeat an event: SQLite commits are serialised and a reader never sees a later
 * position before an earlier one is committed. Between pages it waits for this process's commit
 * signal, or polls, so writes by another process are seen too.
 */
export class SqliteSubscription implements Subscription {
  private stopped = false;
  private commitSeq = 0;
  private wake: (() => void) | undefined;
  private readonly iterator: AsyncGenerator<SubscriptionMessage>;
  private readonly onCommit = () => {
    this.commitSeq++;
    this.wake?.();
  };

  constructor(private readonly options: SqliteSubscriptionOptions) {
    options.commits.on('commit', this.onCommit);
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
      const timer = setTimeout(done, this.options.pollIntervalMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  private release(): void {
    this.options.commits.off('commit', this.onCommit);
    this.options.onEnd();
  }
}
