import { SignJWT } from 'jose';

/** A development bearer token for a person (HS256 with the server's secret); it always expires (8 h by default). */
export function mintToken(secret: string, personId: string, options: { ttl?: string | number; issuer?: string; issuedAt?: number; sessionId?: string; tokenId?: string } = {}): Promise<string> {
  // `sid`: the sign-in session the token belongs to; the server refuses it once that session ended.
  let jwt = new SignJWT(options.sessionId ? { sid: options.sessionId } : {})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(personId)
    .setIssuedAt(options.issuedAt)
    .setExpirationTime(options.ttl ?? '8h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.tokenId) jwt = jwt.setJti(options.tokenId);
  return jwt.sign(new TextEncoder().encode(secret));
}
