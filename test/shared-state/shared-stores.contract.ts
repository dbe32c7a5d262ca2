import { randomBytes, randomUUID } from 'node:crypto';
import type { SecretBallotKeys } from '../../apps/server/src/meetings/ballot-box/secret-ballot-keys';
import type { PeopleRegistry } from '../../apps/server/src/people/people-registry';
import type { IdempotencyStore, StoredAnswer } from '../../apps/server/src/http/idempotency/idempotency-store';
import type { GeneratedSecret } from '../../apps/server/src/auth/generated-secret';
import type { IdentityStore } from '../../apps/server/src/identity/store/identity-store';
import type { SharedThrottlerStorage } from '../../apps/server/src/abuse/storage/shared-throttler-storage';
import { identityStoreContract } from './identity-store.contract';
import { throttlerStorageContract } from './throttler-storage.contract';

/**
 * One backing store (a folder of SQLite files, one PostgreSQL database) and a way to open each shared
 * store on it as a server instance would: every call is another instance on the same shared state.
 */
export interface SharedBackend {
  ballotKeys(): Promise<SecretBallotKeys>;
  people(): Promise<PeopleRegistry>;
  idempotency(): Promise<IdempotencyStore>;
  generatedSecret(): Promise<GeneratedSecret>;
  identity(): Promise<IdentityStore>;
  /** The rate-limit counts, reading the time from `clock`. */
  rateLimits(clock: () => number): Promise<SharedThrottlerStorage>;
  /**
   * The files of the backing store that hold any of these bytes (after the store has written its pages
   * out); absent where this run cannot look into the store's files (a PostgreSQL server it did not start).
   */
  filesHolding?(bytes: Buffer[]): Promise<string[]>;
  close(): Promise<void>;
}

const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/**
 * The contract every implementation of the shared stores passes (SQLite and PostgreSQL): what one
 * instance writes, another reads; two instances acting at once agree; destroyed and erased data is gone.
 */
export function sharedStoresContract(openBackend: () => Promise<SharedBackend>, options: { seesFiles: boolean }): void {
  /** The tests that look into the store's files, where the run can. */
  const itInFiles = options.seesFiles ? it : it.skip;
  let backend: SharedBackend;
  const opened: { close(): Promise<void> }[] = [];
  const instance = async <T extends { close(): Promise<void> }>(open: () => Promise<T>): Promise<T> => {
    const store = await open();
    opened.push(store);
    return store;
  };
  beforeAll(async () => {
    backend = await openBackend();
  });
  afterAll(async () => {
    for (const store of opened) await store.close();
    await backend.close();
  });

  describe('secret-ballot keys', () => {
    it('makes one 32-byte key per vote on first use, the same on every instance, and never one for a mere look', async () => {
      const [a, b] = [await instance(() => backend.ballotKeys()), await instance(() => backend.ballotKeys())];
      const vote = unique('m/v');
      expect(await a.existing(vote)).toBeUndefined();
      expect(await b.existing(vote)).toBeUndefined(); // a look makes nothing
      const key = await a.keyFor(vote);
      expect(key).toHaveLength(32);
      expect(await b.keyFor(vote)).toEqual(key);
      expect(await b.existing(vote)).toEqual(key);
      expect(await a.keyFor(unique('m/other'))).not.toEqual(key);
    });

    it('agrees on one key when the first ballots arrive on two instances at once', async () => {
      const [a, b] = [await instance(() => backend.ballotKeys()), await instance(() => backend.ballotKeys())];
      const vote = unique('m/v');
      const keys = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).keyFor(vote)));
      expect(new Set(keys.map((k) => k!.toString('hex'))).size).toBe(1);
    });

    it('destroys a key for every instance, for good: it is never made again, and destroying twice is harmless', async () => {
      const [a, b] = [await instance(() => backend.ballotKeys()), await instance(() => backend.ballotKeys())];
      const vote = unique('m/v');
      await a.keyFor(vote);
      await b.destroy(vote);
      expect(await a.existing(vote)).toBeUndefined();
      expect(await a.keyFor(vote)).toBeUndefined();
      expect(await b.keyFor(vote)).toBeUndefined();
      await a.destroy(vote);
      // A vote closed with no secret ballot still refuses a key afterwards.
      const empty = unique('m/empty');
      await a.destroy(empty);
      expect(await b.keyFor(empty)).toBeUndefined();
    });

    it('leaves no key behind when ballots race the destruction on another instance', async () => {
      const [a, b] = [await instance(() => backend.ballotKeys()), await instance(() => backend.ballotKeys())];
      const vote = unique('m/v');
      await a.keyFor(vote);
      await Promise.all([...Array.from({ length: 10 }, () => b.keyFor(vote)), a.destroy(vote), ...Array.from({ length: 10 }, () => b.keyFor(vote))]);
      expect(await a.existing(vote)).toBeUndefined();
      expect(await b.keyFor(vote)).toBeUndefined();
    });

    itInFiles("leaves no copy of a destroyed key in the store's files, while the other votes' keys stay", async () => {
      const keys = await instance(() => backend.ballotKeys());
      const [closing, open] = [unique('m/closing'), unique('m/open')];
      const closingKey = (await keys.keyFor(closing))!;
      const openKey = (await keys.keyFor(open))!;
      expect(await backend.filesHolding!([closingKey])).not.toEqual([]); // the scan finds what is there
      await keys.destroy(closing);
      expect(await backend.filesHolding!([closingKey])).toEqual([]);
      expect(await backend.filesHolding!([openKey])).not.toEqual([]);
      expect(await keys.existing(open)).toEqual(openKey);
    });
  });

  describe('people registry', () => {
    it('keeps a person’s details for every instance; the latest write wins', async () => {
      const [a, b] = [await instance(() => backend.people()), await instance(() => backend.people())];
      const personId = unique('anna');
      expect(await b.get(personId)).toBeUndefined();
      await a.upsert({ personId, displayName: 'Anna Nowak', email: 'anna@example.org' });
      expect(await b.get(personId)).toEqual({ personId, displayName: 'Anna Nowak', email: 'anna@example.org', phone: null, erasedAt: null });
      await b.upsert({ personId, displayName: 'Anna Kowalska', phone: '+48 600 000 000' });
      expect(await a.get(personId)).toEqual({ personId, displayName: 'Anna Kowalska', email: null, phone: '+48 600 000 000', erasedAt: null });
    });

    it('erases a person’s details everywhere, keeps the fact of it, and says when there was nothing to erase', async () => {
      const [a, b] = [await instance(() => backend.people()), await instance(() => backend.people())];
      const personId = unique('jan');
      const at = new Date('2026-03-01T12:00:00.000Z');
      expect(await a.erase(personId, at)).toBe(false);
      await a.upsert({ personId, displayName: 'Jan Zapomniany', email: 'jan@example.org', phone: '+48 600 1' });
      expect(await b.erase(personId, at)).toBe(true);
      expect(await a.get(personId)).toEqual({ personId, displayName: '(erased)', email: null, phone: null, erasedAt: at.toISOString() });
      // Details given again afterwards are kept again.
      await a.upsert({ personId, displayName: 'Jan' });
      expect(await b.get(personId)).toMatchObject({ displayName: 'Jan', erasedAt: null });
    });

    it('erases one person while another instance writes someone else’s details', async () => {
      const [a, b] = [await instance(() => backend.people()), await instance(() => backend.people())];
      const [erin, ola] = [unique('erin'), unique('ola')];
      await a.upsert({ personId: erin, displayName: 'Erin' });
      const [erased] = await Promise.all([a.erase(erin), ...Array.from({ length: 5 }, (_, i) => b.upsert({ personId: ola, displayName: `Ola ${i}` }))]);
      expect(erased).toBe(true);
      expect(await b.get(erin)).toMatchObject({ displayName: '(erased)' });
      expect((await a.get(ola))?.displayName).toMatch(/^Ola \d$/);
    });

    itInFiles("leaves no byte of an erased person's details, or of their earlier versions, in the store's files", async () => {
      const people = await instance(() => backend.people());
      const [erin, ola] = [unique('erin'), unique('ola')];
      const traces = (...values: string[]) => backend.filesHolding!(values.map((v) => Buffer.from(v, 'utf8')));
      const earlier = `Erazmus ${randomBytes(6).toString('hex')}`;
      const latest = `Erazmus ${randomBytes(6).toString('hex')}`;
      const kept = `Ola ${randomBytes(6).toString('hex')}`;
      await people.upsert({ personId: erin, displayName: earlier, email: `${earlier.replace(' ', '.')}@example.org` });
      await people.upsert({ personId: erin, displayName: latest });
      await people.upsert({ personId: ola, displayName: kept });
      expect(await traces(latest)).not.toEqual([]);
      await people.erase(erin);
      expect(await traces(earlier, latest, `${earlier.replace(' ', '.')}@example.org`)).toEqual([]);
      expect(await traces(kept)).not.toEqual([]);
    });
  });

  describe('idempotent answers', () => {
    const answer = (n: number): StoredAnswer => ({ requestHash: 'h1', status: 201, body: { revision: String(n), events: [{ type: 'Done' }] }, etag: `"${n}"` });

    it('replays the first answer on another instance, and refuses the key for a different request', async () => {
      const [a, b] = [await instance(() => backend.idempotency()), await instance(() => backend.idempotency())];
      const key = unique('key');
      expect(await a.claim('p1', key, 'h1', 60_000)).toEqual({ kind: 'started' });
      await a.complete('p1', key, answer(1));
      expect(await b.claim('p1', key, 'h1', 60_000)).toEqual({ kind: 'answered', answer: answer(1) });
      expect(await b.claim('p1', key, 'h2', 60_000)).toEqual({ kind: 'mismatch' });
      // Keys are per person.
      expect(await b.claim('p2', key, 'h2', 60_000)).toEqual({ kind: 'started' });
    });

    it('lets exactly one of many simultaneous requests with one key run, on whichever instances they land', async () => {
      const [a, b] = [await instance(() => backend.idempotency()), await instance(() => backend.idempotency())];
      const key = unique('key');
      const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).claim('p1', key, 'h1', 60_000)));
      expect(claims.filter((c) => c.kind === 'started')).toHaveLength(1);
      expect(claims.filter((c) => c.kind === 'in_progress')).toHaveLength(11);
    });

    it('runs a retry again once the first request gave its claim up (it failed)', async () => {
      const [a, b] = [await instance(() => backend.idempotency()), await instance(() => backend.idempotency())];
      const key = unique('key');
      await a.claim('p1', key, 'h1', 60_000);
      expect(await b.claim('p1', key, 'h1', 60_000)).toEqual({ kind: 'in_progress' });
      await a.release('p1', key);
      expect(await b.claim('p1', key, 'h1', 60_000)).toEqual({ kind: 'started' });
      // Giving up an answered key changes nothing.
      await b.complete('p1', key, answer(2));
      await b.release('p1', key);
      expect(await a.claim('p1', key, 'h1', 60_000)).toMatchObject({ kind: 'answered' });
    });

    it('hands a lapsed claim (its server died) to one retry, and keeps the answer of whoever completed first', async () => {
      const [a, b] = [await instance(() => backend.idempotency()), await instance(() => backend.idempotency())];
      const key = unique('key');
      expect(await a.claim('p1', key, 'h1', -1)).toEqual({ kind: 'started' }); // a lease already over
      const retries = await Promise.all([b.claim('p1', key, 'h1', 60_000), a.claim('p1', key, 'h1', 60_000)]);
      expect(retries.map((c) => c.kind).sort()).toEqual(['in_progress', 'started']);
      await b.complete('p1', key, answer(3));
      await a.complete('p1', key, answer(4)); // the lapsed holder, late: too late
      expect(await a.claim('p1', key, 'h1', 60_000)).toEqual({ kind: 'answered', answer: answer(3) });
    });
  });

  identityStoreContract(() => instance(() => backend.identity()));
  throttlerStorageContract((clock) => instance(() => backend.rateLimits(clock)));

  describe('generated token secret', () => {
    it('is made once, by whichever instance asks first, and read the same by every instance', async () => {
      const instances = await Promise.all(Array.from({ length: 4 }, () => instance(() => backend.generatedSecret())));
      expect(await instances[0].read()).toBeUndefined(); // a look makes nothing
      const secrets = await Promise.all(instances.flatMap((s) => [s.readOrCreate(), s.readOrCreate()]));
      expect(new Set(secrets).size).toBe(1);
      expect(secrets[0].length).toBeGreaterThanOrEqual(32);
      expect(await instances[3].read()).toBe(secrets[0]);
    });
  });
}
