import type { Request } from 'express';

/**
 * The origin people use (scheme, host, port): PUBLIC_URL when set, else the request's own (behind a
 * proxy, with TRUST_PROXY, Express reads X-Forwarded-Proto and -Host). Passkeys are bound to its
 * host name, invitation links and the OIDC redirect are built on it.
 */
export function publicOrigin(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

export const isHttps = (origin: string) => origin.startsWith('https://');
