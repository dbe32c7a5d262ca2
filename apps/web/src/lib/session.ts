import { decodeJwt } from 'jose';
import { useSyncExternalStore } from 'react';

/**
 * Who is signed in: the bearer token (kept in localStorage, so a reload keeps the session) and its
 * person id (`sub`). The identity issue will add invitations and passkeys; they end in a token too.
 */
export interface Session {
  token: string;
  personId: string;
}

const KEY = 'klaster.token';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  const token = localStorage.getItem(KEY);
  return token ? toSession(token) : null;
}

/** The session a token gives, or null when it is not a JWT with a subject (expiry is the server's to judge). */
export function toSession(token: string): Session | null {
  try {
    const { sub } = decodeJwt(token.trim());
    return typeof sub === 'string' && sub ? { token: token.trim(), personId: sub } : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function signIn(session: Session): void {
  localStorage.setItem(KEY, session.token);
  current = session;
  listeners.forEach((l) => l());
}

export function signOut(): void {
  localStorage.removeItem(KEY);
  current = null;
  listeners.forEach((l) => l());
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
