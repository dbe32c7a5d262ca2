import { SignJWT } from 'jose';

/** A development bearer token for a person (HS256 with the server's secret). */
export function mintToken(secret: string, personId: string, options: { ttl?: string; issuer?: string } = {}): Promise<string> {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(personId).setIssuedAt().setExpirationTime(options.ttl ?? '8h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  return jwt.sign(new TextEncoder().encode(secret));
}
