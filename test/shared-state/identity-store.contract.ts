import { randomBytes, randomUUID } from 'node:crypto';
import type { Ceremony, IdentityStore, StoredCredential } from '../../apps/server/src/identity/store/identity-store';

const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

/**
 * The identity store's contract, for both implementations: `open` opens the store as another server
 * instance would on the same shared state (each call: one more instance). What one instance writes,
 * the next request reads on any other; what is single-use is used once between all of them.
 */
export function identityStoreContract(open: () => Promise<IdentityStore>): void {
  const two = async () => [await open(), await open()] as const;

  const credential = (personId: string, overrides: Partial<StoredCredential> = {}): StoredCredential => ({
    credentialId: unique('cred'),
    personId,
    publicKey: new Uint8Array(randomBytes(77)),
    counter: 0,
    transports: ['internal', 'hybrid'],
    label: 'Telefon',
    createdAt: '2026-03-01T10:00:00.000Z',
    lastUsedAt: null,
    ...overrides,
  });

  const newSession = (personId: string, overrides: { createdAt?: Date; expiresAt?: Date } = {}) => {
    const createdAt = overrides.createdAt ?? new Date();
    return { sessionId: randomUUID(), personId, refreshHash: randomBytes(32).toString('hex'), method: 'passkey', createdAt, expiresAt: overrides.expiresAt ?? new Date(createdAt.getTime() + 30 * DAY) };
  };

  describe('identity: passkeys', () => {
    it('a passkey registered on one instance signs in on another, with its key, counter and transports as stored', async () => {
      const [a, b] = await two();
      const anna = unique('anna');
      const phone = credential(anna, { counter: 4_000_000_000 }); // authenticators' counters are unsigned 32-bit
      expect(await a.addCredential(phone)).toBe(true);
      expect(await b.credential(phone.credentialId)).toEqual(phone);
      await b.credentialUsed(phone.credentialId, 4_000_000_001, at('2026-03-02T08:00:00.000Z'));
      expect(await a.credential(phone.credentialId)).toMatchObject({ counter: 4_000_000_001, lastUsedAt: '2026-03-02T08:00:00.000Z' });
      expect(await a.credential(unique('cred'))).toBeUndefined();
    });

    it("lists a person's devices in the order they were added, removes only the person's own", async () => {
      const [a, b] = await two();
      const [anna, piotr] = [unique('anna'), unique('piotr')];
      const phone = credential(anna, { createdAt: '2026-03-01T10:00:00.000Z' });
      const laptop = credential(anna, { createdAt: '2026-03-05T10:00:00.000Z', label: 'Laptop' });
      await a.addCredential(laptop);
      await b.addCredential(phone);
      await a.addCredential(credential(piotr));
      expect((await b.credentialsOf(anna)).map((c) => c.label)).toEqual(['Telefon', 'Laptop']);
      expect(await b.removeCredential(piotr, phone.credentialId)).toBe(false); // not his
      expect(await b.removeCredential(anna, phone.credentialId)).toBe(true);
      expect(await a.removeCredential(anna, phone.credentialId)).toBe(false); // already gone, for every instance
      expect((await a.credentialsOf(anna)).map((c) => c.credentialId)).toEqual([laptop.credentialId]);
    });

    it('one credential id registered on two instances at once is stored once: the other is told', async () => {
      const [a, b] = await two();
      const first = credential(unique('anna'));
      const added = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).addCredential({ ...first, label: `try ${i}` })));
      expect(added.filter(Boolean)).toHaveLength(1);
      expect((await a.credentialsOf(first.personId)).length).toBe(1);
    });
  });

  describe('identity: sessions', () => {
    it('a session begun on one instance is live on the other, found by its current and its just rotated-out refresh token', async () => {
      const [a, b] = await two();
      const s = newSession(unique('anna'), { createdAt: at('2026-03-01T10:00:00.000Z'), expiresAt: at('2026-03-31T10:00:00.000Z') });
      await a.createSession(s);
      const stored = { sessionId: s.sessionId, personId: s.personId, refreshHash: s.refreshHash, previousRefreshHash: null, method: 'passkey', createdAt: '2026-03-01T10:00:00.000Z', expiresAt: '2026-03-31T10:00:00.000Z', rotatedAt: null, revokedAt: null };
      expect(await b.session(s.sessionId)).toEqual(stored);
      expect(await b.sessionByRefreshHash(s.refreshHash)).toEqual(stored);
      const next = randomBytes(32).toString('hex');
      expect(await b.rotateSession(s.sessionId, s.refreshHash, next, at('2026-04-01T10:00:00.000Z'), at('2026-03-02T10:00:00.000Z'))).toBe(true);
      const rotated = { ...stored, refreshHash: next, previousRefreshHash: s.refreshHash, expiresAt: '2026-04-01T10:00:00.000Z', rotatedAt: '2026-03-02T10:00:00.000Z' };
      expect(await a.sessionByRefreshHash(next)).toEqual(rotated);
      expect(await a.sessionByRefreshHash(s.refreshHash)).toEqual(rotated); // the old token still names it (a replay is recognised)
      expect(await a.sessionByRefreshHash(randomBytes(32).toString('hex'))).toBeUndefined();
      expect(await a.session(randomUUID())).toBeUndefined();
    });

    it('of many refreshes with one token on two instances at once, exactly one rotates it', async () => {
      const [a, b] = await two();
      const s = newSession(unique('anna'));
      await a.createSession(s);
      const nexts = Array.from({ length: 10 }, () => randomBytes(32).toString('hex'));
      const rotated = await Promise.all(nexts.map((next, i) => (i % 2 ? a : b).rotateSession(s.sessionId, s.refreshHash, next, new Date(Date.now() + DAY), new Date())));
      expect(rotated.filter(Boolean)).toHaveLength(1);
      expect((await b.session(s.sessionId))!.refreshHash).toBe(nexts[rotated.indexOf(true)]);
    });

    it('a session revoked on one instance is refused on the other, and can no longer be rotated', async () => {
      const [a, b] = await two();
      const s = newSession(unique('anna'));
      await a.createSession(s);
      await a.revokeSession(s.sessionId, at('2026-03-03T12:00:00.000Z'));
      expect(await b.session(s.sessionId)).toMatchObject({ revokedAt: '2026-03-03T12:00:00.000Z' });
      expect(await b.rotateSession(s.sessionId, s.refreshHash, randomBytes(32).toString('hex'), new Date(Date.now() + DAY), new Date())).toBe(false);
      // Revoking again keeps the first moment.
      await b.revokeSession(s.sessionId, at('2026-03-04T12:00:00.000Z'));
      expect((await a.session(s.sessionId))!.revokedAt).toBe('2026-03-03T12:00:00.000Z');
    });

    it('lists the sessions ended since a moment, on whichever instance they ended, for the others to close their sockets', async () => {
      const [a, b] = await two();
      const [ended, earlier, live] = [newSession(unique('anna')), newSession(unique('ola')), newSession(unique('jan'))];
      for (const s of [ended, earlier, live]) await a.createSession(s);
      const since = new Date(Date.now() + 365 * DAY); // later than anything other tests ended
      await b.revokeSession(earlier.sessionId, new Date(since.getTime() - 1));
      await b.revokeSession(ended.sessionId, new Date(since.getTime() + 1_000));
      expect(await a.sessionsRevokedSince(since)).toEqual([{ sessionId: ended.sessionId, personId: ended.personId, revokedAt: new Date(since.getTime() + 1_000).toISOString() }]);
      expect(await a.sessionsRevokedSince(new Date(since.getTime() + 2_000))).toEqual([]);
    });

    it('sign-out everywhere on two instances at once ends each live session once, and no one else’s', async () => {
      const [a, b] = await two();
      const [anna, piotr] = [unique('anna'), unique('piotr')];
      const annas = Array.from({ length: 5 }, () => newSession(anna));
      const earlier = newSession(anna);
      const his = newSession(piotr);
      for (const s of [...annas, earlier, his]) await a.createSession(s);
      await a.revokeSession(earlier.sessionId, new Date());
      const [onA, onB] = await Promise.all([a.revokeSessionsOf(anna, new Date()), b.revokeSessionsOf(anna, new Date())]);
      expect([...onA, ...onB].sort()).toEqual(annas.map((s) => s.sessionId).sort());
      for (const s of annas) expect((await b.session(s.sessionId))!.revokedAt).not.toBeNull();
      expect((await b.session(his.sessionId))!.revokedAt).toBeNull();
      expect(await a.revokeSessionsOf(anna, new Date())).toEqual([]);
    });
  });

  describe('identity: sign-in ceremonies (WebAuthn challenges, OIDC logins)', () => {
    const ceremony = (overrides: Partial<Ceremony> = {}): Ceremony => ({
      ceremonyId: randomUUID(),
      purpose: 'passkey-sign-in',
      payload: { challenge: randomBytes(32).toString('base64url'), origin: 'https://klaster.example.org', nested: { token: 'x', n: 1 } },
      expiresAt: new Date(Date.now() + 5 * 60_000),
      ...overrides,
    });

    it('a challenge given out on one instance is answered on the other, once', async () => {
      const [a, b] = await two();
      const c = ceremony();
      await a.putCeremony(c);
      expect(await b.takeCeremony(c.ceremonyId, 'passkey-sign-in', new Date())).toEqual(c);
      expect(await a.takeCeremony(c.ceremonyId, 'passkey-sign-in', new Date())).toBeUndefined();
      expect(await b.takeCeremony(c.ceremonyId, 'passkey-sign-in', new Date())).toBeUndefined();
    });

    it('of one challenge answered on two instances at once (a replayed answer), exactly one takes it', async () => {
      const [a, b] = await two();
      const c = ceremony({ purpose: 'passkey-registration' });
      await b.putCeremony(c);
      const taken = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).takeCeremony(c.ceremonyId, 'passkey-registration', new Date())));
      expect(taken.filter((t) => t !== undefined)).toEqual([c]);
    });

    it('an expired challenge is refused (and gone); a challenge is not taken for another purpose', async () => {
      const [a, b] = await two();
      const c = ceremony({ expiresAt: new Date(Date.now() + 60_000) });
      await a.putCeremony(c);
      expect(await b.takeCeremony(c.ceremonyId, 'oidc-login', new Date())).toBeUndefined();
      expect(await b.takeCeremony(c.ceremonyId, 'passkey-sign-in', new Date(Date.now() + 120_000))).toBeUndefined();
      expect(await a.takeCeremony(c.ceremonyId, 'passkey-sign-in', new Date())).toBeUndefined();
      // An OIDC login's state, for the callback on whichever instance the provider sends the browser back to.
      const login = ceremony({ purpose: 'oidc-login', payload: { verifier: 'v', nonce: 'n', origin: 'https://klaster.example.org', invitationToken: 'kl.t' } });
      await a.putCeremony(login);
      expect(await b.takeCeremony(login.ceremonyId, 'passkey-sign-in', new Date())).toBeUndefined();
      expect(await b.takeCeremony(login.ceremonyId, 'oidc-login', new Date())).toEqual(login);
    });
  });

  describe('identity: OIDC links', () => {
    it('links a subject once: an earlier link wins, also when two instances link it at once', async () => {
      const [a, b] = await two();
      const issuer = 'https://idp.example.org';
      const subject = unique('sub');
      expect(await a.personOfSubject(issuer, subject)).toBeUndefined();
      const people = Array.from({ length: 6 }, (_, i) => `person-${i}`);
      const linked = await Promise.all(people.map((p, i) => (i % 2 ? a : b).linkSubject(issuer, subject, p, new Date())));
      expect(new Set(linked).size).toBe(1);
      expect(people).toContain(linked[0]);
      expect(await b.personOfSubject(issuer, subject)).toBe(linked[0]);
      expect(await a.linkSubject(issuer, subject, 'someone-else', new Date())).toBe(linked[0]);
      // The same subject at another provider is someone else.
      expect(await a.personOfSubject('https://other.example.org', subject)).toBeUndefined();
    });
  });
}
