import { ThrottlerStorageService } from '@nestjs/throttler';
import { RateLimits, type RateLimitSettings } from './rate-limits';

const settings = (overrides: Partial<RateLimitSettings> = {}): RateLimitSettings => ({ perPerson: 3, perAddress: 5, replaysPerPerson: 2, liveResumeMaxEvents: 100, ...overrides });

describe('RateLimits', () => {
  let storage: ThrottlerStorageService;
  beforeEach(() => (storage = new ThrottlerStorageService()));
  afterEach(() => storage.onApplicationShutdown());

  it('counts joins per person and per address, and tells how long to wait', async () => {
    const limits = new RateLimits(storage, settings());
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limits.join('anna', '10.0.0.1'));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number), message: expect.stringMatching(/per person/) });
    expect((results[3] as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Others from the same address share the address's budget: 5 in all (anna's refused join took none).
    expect((await limits.join('piotr', '10.0.0.1')).ok).toBe(true);
    expect((await limits.join('ewa', '10.0.0.1')).ok).toBe(true);
    expect(await limits.join('ola', '10.0.0.1')).toMatchObject({ ok: false, message: expect.stringMatching(/from one address/) });
    expect(await limits.join('ola', '10.0.0.2')).toEqual({ ok: true });
  });

  it('allows one replay at a time per person: of two started at once exactly one goes ahead', async () => {
    const limits = new RateLimits(storage, settings({ replaysPerPerson: 10 }));
    const [a, b] = await Promise.all([limits.startReplay('anna'), limits.startReplay('anna')]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    // Someone else is not held up by it.
    expect((await limits.startReplay('piotr')).ok).toBe(true);
    (a.ok ? a : b).release!();
    expect((await limits.startReplay('anna')).ok).toBe(true);
  });

  it('bounds replays per person per minute; a refused one leaves nothing under way', async () => {
    const limits = new RateLimits(storage, settings({ replaysPerPerson: 2 }));
    for (let i = 0; i < 2; i++) (await limits.startReplay('anna')).release!();
    const third = await limits.startReplay('anna');
    expect(third).toMatchObject({ ok: false, message: expect.stringMatching(/readings of the past/) });
    expect((third as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(1);
    expect((await limits.startReplay('anna')).ok).toBe(false); // still limited, not "already under way"
  });

  it('0 means no limit', async () => {
    const limits = new RateLimits(storage, settings({ perPerson: 0, perAddress: 0, replaysPerPerson: 0 }));
    for (let i = 0; i < 50; i++) {
      expect((await limits.join('anna', 'a')).ok).toBe(true);
      const r = await limits.startReplay('anna');
      expect(r.ok).toBe(true);
      r.release!();
    }
  });
});
