import { SignJWT, decodeJwt } from 'jose';
import { CLOCK_SKEW_SECONDS, TokenVerifier, mintToken } from '../src';

const secret = 'unit-secret-unit-secret-unit-secret-01';
const key = new TextEncoder().encode(secret);
const verifier = new TokenVerifier({ kind: 'secret', secret });
const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: { sub?: string; exp?: number; iat?: number }) => {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' });
  if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  return jwt.sign(key);
};

describe('TokenVerifier', () => {
  it('accepts a token with sub, iat and exp, and tells whose it is and until when', async () => {
    const exp = now() + 600;
    expect(await verifier.verify(await sign({ sub: 'anna-kowalska', iat: now(), exp }))).toEqual({ personId: 'anna-kowalska', expiresAt: new Date(exp * 1000) });
  });

  it('refuses a token without exp: it would be valid forever', async () => {
    await expect(verifier.verify(await sign({ sub: 'anna', iat: now() }))).rejects.toThrow(/exp/);
  });

  it('refuses an expired token', async () => {
    await expect(verifier.verify(await sign({ sub: 'anna', iat: now() - 100, exp: now() - 10 }))).rejects.toThrow(/exp/);
  });

  it('refuses a token issued in the future, beyond the clock skew, and accepts one within it', async () => {
    await expect(verifier.verify(await sign({ sub: 'anna', iat: now() + CLOCK_SKEW_SECONDS + 120, exp: now() + 3600 }))).rejects.toThrow(/future/);
    expect((await verifier.verify(await sign({ sub: 'anna', iat: now() + 30, exp: now() + 3600 }))).personId).toBe('anna');
  });

  it.each([['no sub', undefined], ['an empty sub', ''], ['spaces', 'anna kowalska'], ['a slash', '../etc'], ['161 characters', 'a'.repeat(161)], ['a control character', 'anna\u0000']])(
    'refuses a sub that is not a person id: %s',
    async (_name, sub) => {
      await expect(verifier.verify(await sign({ sub, iat: now(), exp: now() + 600 }))).rejects.toThrow(/sub/);
    },
  );

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('anna').setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(40)));
    await expect(verifier.verify(forged)).rejects.toThrow(/signature/);
  });
});

describe('mintToken', () => {
  it('always sets exp (8 hours by default) and iat', async () => {
    const claims = decodeJwt(await mintToken(secret, 'anna'));
    expect(claims.exp! - claims.iat!).toBe(8 * 3600);
    expect(Math.abs(claims.iat! - now())).toBeLessThanOrEqual(2);
  });
});
