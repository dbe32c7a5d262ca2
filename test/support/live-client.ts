import { io, type Socket } from 'socket.io-client';
import { mintToken } from '@klaster/identity';
import { TEST_SECRET, type TestServer } from './test-server';

export interface LiveMessage {
  type: string;
  streamId: string;
  position: string;
  revision: string;
  room: string;
  fragment: any;
}

/** A socket.io client of /live that keeps every message it receives. */
export interface LiveClient {
  socket: Socket;
  messages: LiveMessage[];
  join(room: string, lastPosition?: string): Promise<any>;
  leave(room: string): Promise<any>;
  /**
   * Resolves once the predicate holds, checked whenever something arrives on the socket (no polling).
   * The bound only turns a message that never comes into a clear failure.
   */
  until(predicate: (messages: LiveMessage[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Connects to the server's /live namespace as a person (WebSocket only, no reconnection). */
export async function connectLive(server: TestServer, personId: string): Promise<LiveClient> {
  const socket = io(`${server.url}/live`, { auth: { token: await mintToken(TEST_SECRET, personId) }, transports: ['websocket'], reconnection: false, forceNew: true });
  const messages: LiveMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('event', (m: LiveMessage) => messages.push(m));
  // Re-check the waiters after anything arrives (an event, a 'left' notice…), once its own handlers ran.
  socket.onAny(() => queueMicrotask(() => [...waiters].forEach((check) => check())));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    messages,
    join: (room, lastPosition) => socket.timeout(10_000).emitWithAck('join', lastPosition === undefined ? { room } : { room, lastPosition }),
    leave: (room) => socket.timeout(10_000).emitWithAck('leave', { room }),
    until: (predicate, what, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; got ${messages.length} messages`));
        }, timeoutMs);
        const check = () => {
          if (!predicate(messages)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    close: () => void socket.close(),
  };
}
