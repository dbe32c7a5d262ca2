import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';

/** How much one person or one address may ask of the server (0: no limit). */
export interface RateLimitSettings {
  /** HTTP requests and socket joins per person per minute. */
  perPerson: number;
  /** HTTP requests and socket joins per client address per minute. */
  perAddress: number;
  /** Time-travel reads and live resumes folded from the log, per person per minute (and one at a time). */
  replaysPerPerson: number;
  /** The most events a live resume may fold; beyond that the client is told to reload instead. */
  liveResumeMaxEvents: number;
  /** Sign-in and invitation requests per client address per minute (routes marked @SignInLimited()). */
  signInPerAddress?: number;
}

export const RATE_LIMIT_SETTINGS = Symbol('RATE_LIMIT_SETTINGS');
export const MINUTE_MS = 60_000;

export type Allowance = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

/** The throttlers' names; a socket join counts against the same budgets as an HTTP request. */
export const PERSON = 'person';
export const ADDRESS = 'address';
export const SIGN_IN = 'sign-in';
const REPLAY = 'replay';

/**
 * The budgets that are not an HTTP route's: socket joins and replays. They count in the same
 * storage as @nestjs/throttler's guard (its ThrottlerStorage), so a person's HTTP requests and joins
 * draw on one budget.
 */
@Injectable()
export class RateLimits {
  /** People with a replay under way: one at a time each. */
  private readonly replaying = new Set<string>();

  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(RATE_LIMIT_SETTINGS) readonly settings: RateLimitSettings,
  ) {}

  /** A socket join: one request of the person and of the address. */
  async join(personId: string, address: string): Promise<Allowance> {
    const byPerson = await this.count(PERSON, personId, this.settings.perPerson);
    if (!byPerson.ok) return byPerson;
    return this.count(ADDRESS, address, this.settings.perAddress);
  }

  /**
   * Starts a replay (a stream folded from the log) for a person: refused while another of theirs is
   * under way, or once their replays of the last minute are used up. Call `release` when it is done.
   */
  async startReplay(personId: string): Promise<Allowance & { release?: () => void }> {
    if (this.replaying.has(personId)) {
      return { ok: false, retryAfterSeconds: 1, message: 'You already have a reading of the past under way; wait for it to finish' };
    }
    this.replaying.add(personId);
    const allowed = await this.count(REPLAY, personId, this.settings.replaysPerPerson).catch((error: unknown) => {
      this.replaying.delete(personId);
      throw error;
    });
    if (!allowed.ok) {
      this.replaying.delete(personId);
      return allowed;
    }
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.replaying.delete(personId);
      },
    };
  }

  private async count(throttler: string, tracker: string, limit: number): Promise<Allowance> {
    if (limit <= 0) return { ok: true };
    const record = await this.storage.increment(`${throttler}:${tracker}`, MINUTE_MS, limit, MINUTE_MS, throttler);
    if (!record.isBlocked) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, record.timeToBlockExpire), message: tooMany(throttler, limit) };
  }
}

export function tooMany(throttler: string, limit: number): string {
  const what = throttler === REPLAY ? 'readings of the past (time travel, resumes from the log)' : throttler === SIGN_IN ? 'sign-in attempts' : 'requests';
  return `Too many ${what}: at most ${limit} a minute ${throttler === ADDRESS || throttler === SIGN_IN ? 'from one address' : 'per person'}; try again after Retry-After seconds`;
}
