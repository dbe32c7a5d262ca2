import { randomUUID } from 'node:crypto';
import type { SharedThrottlerStorage } from '../../apps/server/src/abuse/storage/shared-throttler-storage';

const MINUTE = 60_000;
const unique = (label: string) => `${label}:${randomUUID().slice(0, 8)}`;

/**
 * The rate-limit storage's contract, for both implementations: `open(clock)` opens the storage as
 * another server instance would on the same shared state, reading the time from `clock` (so windows
 * and blocks can be passed without waiting). Instances draw on one budget; no hit is lost when they
 * count at once.
 */
export function throttlerStorageContract(open: (clock: () => number) => Promise<SharedThrottlerStorage>): void {
  describe('rate-limit counts (@nestjs/throttler storage)', () => {
    /** The time every instance of one test reads. */
    let now: number;
    const clock = () => now;
    const two = async () => [await open(clock), await open(clock)] as const;
    beforeEach(() => {
      now = Date.UTC(2026, 2, 1, 12, 0, 0);
    });

    it('two instances draw on one budget: the hit past the limit is refused on either, with the time to wait', async () => {
      const [a, b] = await two();
      const key = unique('person');
      const records = [];
      for (let i = 0; i < 4; i++) records.push(await (i % 2 ? a : b).increment(key, MINUTE, 4, MINUTE, 'person'));
      expect(records.map((r) => [r.totalHits, r.isBlocked])).toEqual([
        [1, false],
        [2, false],
        [3, false],
        [4, false],
      ]);
      expect(records[0]).toMatchObject({ timeToExpire: 60, timeToBlockExpire: 0 });
      now += 10_000;
      expect(await a.increment(key, MINUTE, 4, MINUTE, 'person')).toEqual({ totalHits: 5, timeToExpire: 50, isBlocked: true, timeToBlockExpire: 60 });
      now += 1_500;
      expect(await b.increment(key, MINUTE, 4, MINUTE, 'person')).toMatchObject({ isBlocked: true, timeToBlockExpire: 59 });
      // Another key, or another throttler on the same key, has its own budget.
      expect(await b.increment(unique('person'), MINUTE, 4, MINUTE, 'person')).toMatchObject({ totalHits: 1, isBlocked: false });
      expect(await b.increment(key, MINUTE, 4, MINUTE, 'address')).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('loses no hit when two instances count one key at once', async () => {
      const [a, b] = await two();
      const key = unique('address');
      const records = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).increment(key, MINUTE, 1_000, MINUTE, 'address')));
      expect(records.map((r) => r.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect((await a.increment(key, MINUTE, 1_000, MINUTE, 'address')).totalHits).toBe(41);
    });

    it('lets exactly the limit through when many requests arrive on two instances at once', async () => {
      const [a, b] = await two();
      const key = unique('sign-in');
      const records = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).increment(key, MINUTE, 10, MINUTE, 'sign-in')));
      expect(records.filter((r) => !r.isBlocked)).toHaveLength(10);
      expect(records.filter((r) => r.isBlocked).every((r) => r.timeToBlockExpire === 60)).toBe(true);
    });

    it('starts a new window when the last one ended, and after a block only once the block is over', async () => {
      const [a, b] = await two();
      const key = unique('person');
      await a.increment(key, MINUTE, 2, 2 * MINUTE, 'person');
      await b.increment(key, MINUTE, 2, 2 * MINUTE, 'person');
      now += MINUTE; // the window is over: a new one
      expect(await a.increment(key, MINUTE, 2, 2 * MINUTE, 'person')).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 60 });
      await b.increment(key, MINUTE, 2, 2 * MINUTE, 'person');
      expect(await a.increment(key, MINUTE, 2, 2 * MINUTE, 'person')).toMatchObject({ isBlocked: true, timeToBlockExpire: 120 });
      now += MINUTE + 30_000; // the window ended, the block has not
      expect(await b.increment(key, MINUTE, 2, 2 * MINUTE, 'person')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
      now += 30_000;
      expect(await b.increment(key, MINUTE, 2, 2 * MINUTE, 'person')).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
    });

    it('a block of 0 (the throttler’s “no block”) still refuses, for one window’s length', async () => {
      const [a] = await two();
      const key = unique('person');
      await a.increment(key, MINUTE, 1, 0, 'person');
      now += 20_000;
      expect(await a.increment(key, MINUTE, 1, 0, 'person')).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
      now += 60_000;
      expect(await a.increment(key, MINUTE, 1, 0, 'person')).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('the sweep of ended windows keeps the running ones and the blocks', async () => {
      const [a, b] = await two();
      const [running, blocked, ended] = [unique('person'), unique('person'), unique('person')];
      await a.increment(ended, MINUTE, 5, MINUTE, 'person');
      now += 30_000;
      await a.increment(running, MINUTE, 5, MINUTE, 'person');
      for (let i = 0; i < 2; i++) await a.increment(blocked, MINUTE, 1, 5 * MINUTE, 'person');
      now += 40_000; // `ended`'s window is over; `running`'s is not
      await b.sweep();
      expect((await a.increment(running, MINUTE, 5, MINUTE, 'person')).totalHits).toBe(2);
      expect(await a.increment(blocked, MINUTE, 1, 5 * MINUTE, 'person')).toMatchObject({ isBlocked: true });
      expect((await a.increment(ended, MINUTE, 5, MINUTE, 'person')).totalHits).toBe(1);
    });
  });
}
