import type Database from 'better-sqlite3';
import { StoreUnavailable } from '../port/errors';
import { placesOfRetry, retriedAtSlot, retriedAtTail, type StoredIdAt } from '../port/retried-append';
import { checkExpectedRevision } from '../port/expected-revision';
import { sealEvents } from '../hash-chain/seal';
import { assertIntact } from '../hash-chain/chain-check';
import { COL, EVENT_COLUMNS, readRow, type EventRow } from './rows';
import type { AppendResult, ExpectedRevision, NewEvent } from '../port/types';

interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** The last event of a stream: where the chain goes on, and the id a retried append would end with. */
interface StreamHead {
  revision: bigint;
  hash: string;
  event_id: string;
}

type Outcome = { ok: true; result: AppendResult; wrote: boolean } | { ok: false; error: unknown };

/** Streams whose head this writer knows to be intact (it wrote or checked it); beyond that, a head is checked again. */
const KNOWN_HEADS = 10_000;

/** Bounds one transaction so a burst cannot hold the event loop for long. */
const MAX_APPENDS_PER_COMMIT = 2_000;

/**
 * Group commit: appends that arrive while the event loop is busy are written together in one
 * transaction (one fsync), each checked against its own expected revision inside a savepoint, so a
 * conflicting append is refused without affecting its neighbours. No promise resolves before the
 * transaction has been committed with synchronous=FULL, i.e. fsynced to the WAL.
 */
export class GroupCommitWriter {
  private queue: PendingAppend[] = [];
  private scheduled = false;
  private closed = false;
  /** Counters that show group commit at work (tests and benchmarks read them). */
  readonly stats = { transactions: 0, appends: 0 };
  private readonly selectHead: Database.Statement;
  private readonly selectHeadRow: Database.Statement;
  /** Stream → hash of its head as this writer wrote or verified it: an append onto it needs no new check. */
  private readonly intactHeads = new Map<string, string>();
  private readonly selectSlot: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly writeBatch: (batch: PendingAppend[]) => Outcome[];

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly onCommit: (lastPosition: bigint) => void,
  ) {
    this.selectHead = db.prepare(
      'SELECT revision, hash, event_id FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    );
    this.selectHeadRow = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision = ?`).raw(true);
    this.selectSlot = db.prepare(
      'SELECT event_id AS id, revision, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
    this.insert = db.prepare(
      `INSERT INTO events (event_id, stream_id, revision, type, data, metadata, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Nested better-sqlite3 transactions are savepoints: a failed multi-event append rolls back
    // alone. A single-event append needs none: its one INSERT either happens or not (statement
    // atomicity), and its id and revision were checked just before within the same transaction.
    const inSavepoint = db.transaction((p: PendingAppend) => this.appendOne(p));
    const appendOne = (p: PendingAppend) => (p.events.length === 1 ? this.appendOne(p) : inSavepoint(p));
    const batch = db.transaction((pending: PendingAppend[]) =>
      pending.map((p): Outcome => {
        try {
          return { ok: true, ...appendOne(p) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    this.writeBatch = (pending) => batch.immediate(pending);
  }

  enqueue(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailable('The event store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expectedRevision, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the current burst of promise continuations has queued its appends.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes everything queued; called by the scheduler and by close(). */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_APPENDS_PER_COMMIT);
      let outcomes: Outcome[];
      try {
        outcomes = this.writeBatch(batch);
        this.stats.transactions++;
        this.stats.appends += batch.length;
      } catch (error) {
        // The whole transaction failed (disk full, database locked too long): nothing was written.
        for (const p of batch) p.reject(error);
        continue;
      }
      let lastPosition = -1n;
      batch.forEach((p, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) {
          if (outcome.wrote && outcome.result.position > lastPosition) lastPosition = outcome.result.position;
          p.resolve(outcome.result);
        } else {
          p.reject(outcome.error);
        }
      });
      if (lastPosition >= 0n) this.onCommit(lastPosition);
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
  }

  private appendOne(p: PendingAppend): { result: AppendResult; wrote: boolean } {
    const head = this.selectHead.get(p.streamId) as StreamHead | undefined;
    const retried = this.previousWriteOf(p, head);
    if (retried) return { result: retried, wrote: false };
    checkExpectedRevision(p.streamId, p.expectedRevision, head?.revision);
    if (head) this.assertHeadIntact(p.streamId, head);

    let position = 0n;
    const sealed = sealEvents(p.streamId, p.events, head, this.now().toISOString());
    // The data is kept as its canonical JSON, the very bytes its hash covers, so a read checks them as they are.
    for (const { event, revision, metadata, prevHash, hash, dataText } of sealed) {
      const info = this.insert.run(event.id, p.streamId, revision, event.type, dataText, JSON.stringify(metadata), prevHash, hash);
      position = BigInt(info.lastInsertRowid);
    }
    this.rememberHead(p.streamId, sealed[sealed.length - 1].hash);
    return { result: { nextRevision: sealed[sealed.length - 1].revision, position }, wrote: true };
  }

  /**
   * Never chain onto a damaged event: the head's stored bytes must still give its hash (DamagedEvent
   * otherwise, and nothing is written). A head this writer wrote or checked is known by its hash.
   */
  private assertHeadIntact(streamId: string, head: StreamHead): void {
    if (this.intactHeads.get(streamId) === head.hash) return;
    const row = this.selectHeadRow.get(streamId, head.revision) as EventRow;
    assertIntact(readRow(row), undefined, row[COL.data]);
    this.rememberHead(streamId, head.hash);
  }

  private rememberHead(streamId: string, hash: string): void {
    this.intactHeads.delete(streamId);
    this.intactHeads.set(streamId, hash);
    if (this.intactHeads.size > KNOWN_HEADS) this.intactHeads.delete(this.intactHeads.keys().next().value!);
  }

  /** A retry of an append already stored in this stream (see placesOfRetry), or undefined. */
  private previousWriteOf(p: PendingAppend, head: StreamHead | undefined): AppendResult | undefined {
    const ids = p.events.map((e) => e.id);
    const { tail, slot } = placesOfRetry(head && { id: head.event_id, revision: head.revision }, ids, p.expectedRevision);
    const atTail = tail === undefined ? undefined : retriedAtTail(this.storedFrom(p.streamId, tail, ids.length), ids);
    if (atTail || slot === undefined) return atTail;
    return retriedAtSlot(this.storedFrom(p.streamId, slot, ids.length), ids, p.streamId);
  }

  private storedFrom(streamId: string, from: bigint, count: number): StoredIdAt[] {
    return this.selectSlot.all(streamId, from, count) as StoredIdAt[];
  }


}
