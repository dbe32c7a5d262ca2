import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';
import { isHttps } from './request-origin';

/** The refresh token's cookie: httpOnly (no script reads it), SameSite=Strict, only sent to /api/auth. */
export const REFRESH_COOKIE = 'klaster_refresh';
const PATH = '/api/auth';

export function setRefreshCookie(res: Response, token: string, expiresAt: Date, origin: string): void {
  res.append('Set-Cookie', serialize(REFRESH_COOKIE, token, { httpOnly: true, secure: isHttps(origin), sameSite: 'strict', path: PATH, expires: expiresAt }));
}

export function clearRefreshCookie(res: Response, origin: string): void {
  res.append('Set-Cookie', serialize(REFRESH_COOKIE, '', { httpOnly: true, secure: isHttps(origin), sameSite: 'strict', path: PATH, expires: new Date(0) }));
}

export function refreshCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parse(header)[REFRESH_COOKIE];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}
