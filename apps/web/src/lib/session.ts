import { decodeJwt } from 'jose';
import { useSyncExternalStore } from 'react';

/**
 * Who is signed in. Two kinds:
 * - `bearer`: a token pasted (or the demo's), kept in localStorage so a reload keeps it;
 * - `cookie`: a sign-in session (passkey, the organisation's provider): the short-lived access
 *   token lives in memory only; the refresh token is an httpOnly cookie the page never sees, and a
 *   reload (or an expiring token) asks POST /api/auth/refresh for a new one.
 */
export interface Session {
  token: string;
  personId: string;
  kind: 'bearer' | 'cookie';
  /** When the access token expires (ms since the epoch; cookie sessions). */
  expiresAt?: number;
}

const KEY = 'klaster.token';
/** Refresh this long before the access token expires. */
const EARLY_MS = 60_000;
const listeners = new Set<() => void>();
let current: Session | null = read();
/** While the page asks whether a session cookie is still good (a reload), the sign-in page waits. */
let restoring = current === null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<Session | null> | undefined;

function read(): Session | null {
  const token = localStorage.getItem(KEY);
  return token ? toSession(token) : null;
}

function changed(): void {
  listeners.forEach((l) => l());
}

/** The session a token gives, or null when it is not a JWT with a subject (expiry is the server's to judge). */
export function toSession(token: string): Session | null {
  try {
    const { sub } = decodeJwt(token.trim());
    return typeof sub === 'string' && sub ? { token: token.trim(), personId: sub, kind: 'bearer' } : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

/** A pasted or demo token. */
export function signIn(session: Session): void {
  localStorage.setItem(KEY, session.token);
  current = session;
  changed();
}

/** What the server answers when a session starts or is refreshed. */
export interface SignedIn {
  personId: string;
  accessToken: string;
  expiresAt: string;
}

/** A sign-in session began (passkey, provider) or was refreshed: keep the access token in memory, refresh it in time. */
export function signInWithSession(signedIn: SignedIn): Session {
  const session: Session = { token: signedIn.accessToken, personId: signedIn.personId, kind: 'cookie', expiresAt: Date.parse(signedIn.expiresAt) };
  localStorage.removeItem(KEY);
  current = session;
  restoring = false;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshSession(), Math.max(5_000, session.expiresAt! - Date.now() - EARLY_MS));
  changed();
  return session;
}

/** A new access token from the session cookie (one request at a time); null when the session is over. */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/auth/refresh', { method: 'POST', headers: { accept: 'application/json' } });
      if (!response.ok) {
        if (current?.kind === 'cookie' || restoring) forget();
        return null;
      }
      return signInWithSession((await response.json()) as SignedIn);
    } catch {
      return current;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

/** On start: a session cookie may still be good (the page was reloaded). */
export function restoreSession(): Promise<Session | null> {
  if (!restoring) return Promise.resolve(current);
  return refreshSession();
}

/** A token that is good for a while yet (the live connection asks before re-authenticating). */
export async function freshToken(): Promise<string | undefined> {
  const session = current;
  if (!session) return undefined;
  if (session.kind === 'cookie' && session.expiresAt! - Date.now() < EARLY_MS) return (await refreshSession())?.token;
  return session.token;
}

/** Forget the session here (the server already ended it, or never knew it). */
export function forget(): void {
  localStorage.removeItem(KEY);
  clearTimeout(refreshTimer);
  current = null;
  restoring = false;
  changed();
}

/** Sign out: a sign-in session is ended on the server too (its tokens and sockets at once). */
export function signOut(): void {
  const was = current;
  forget();
  if (was?.kind === 'cookie') void fetch('/api/auth/sign-out', { method: 'POST' });
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** Whether the page is still finding out if a session cookie is good. */
export function useRestoring(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => restoring,
  );
}
