import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { LiveMessage } from '../api-types';
import { LiveClient, type LiveHandlers, type LiveStatus } from './live-client';

const LiveContext = createContext<LiveClient | null>(null);

/** One live connection per signed-in person (it asks `token` for a fresh token when needed); features follow rooms through useRoom. */
export function LiveProvider({ token, handlers, signedOut, children }: { token: () => Promise<string | undefined>; handlers: LiveHandlers; signedOut?: () => void; children: ReactNode }) {
  const [client, setClient] = useState<LiveClient | null>(null);
  // Made and closed by one effect (StrictMode runs effects twice in development).
  useEffect(() => {
    const live = new LiveClient(token, handlers, signedOut);
    setClient(live);
    return () => live.close();
  }, [token, handlers, signedOut]);
  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}

function useClient(): LiveClient | null {
  return useContext(LiveContext);
}

function useVersion(client: LiveClient | null): number {
  return useSyncExternalStore(
    (l) => client?.subscribe(l) ?? (() => undefined),
    () => client?.version ?? 0,
  );
}

/** Follow a room while the component is shown (`cluster:<id>`, `meeting:<id>`, `group:<id>`, `election:<id>`). */
export function useRoom(room: string | undefined): void {
  const client = useClient();
  useEffect(() => (client && room ? client.follow(room) : undefined), [client, room]);
}

/** The acts a room received since it was followed, oldest first. */
export function useRoomLog(room: string | undefined): LiveMessage[] {
  const client = useClient();
  useVersion(client);
  return client && room ? client.log(room) : [];
}

export function useLiveStatus(): LiveStatus {
  const client = useClient();
  useVersion(client);
  return client?.status ?? 'connecting';
}

/** A room name from an id exactly as the API returned it. */
export const room = (kind: 'cluster' | 'meeting' | 'group' | 'election', id: string) => `${kind}:${id}`;
