import { io, type Socket } from 'socket.io-client';
import type { JoinAck, LiveMessage } from '../api-types';

export type LiveStatus = 'connecting' | 'online' | 'offline';

interface Followed {
  followers: number;
  /** The position of the last message of this room we handled: a resume starts after it. */
  lastPosition?: string;
}

export interface LiveHandlers {
  /** Each message once, in log order per room: patch the cache entry its fragment names. */
  message(message: LiveMessage): void;
  /** A room joined afresh (no position to resume from): reload what it covers once. */
  freshJoin(room: string): void;
}

const LOG_LIMIT = 200;
const later = (a: string, b: string | undefined) => b === undefined || BigInt(a) > BigInt(b);

/**
 * The page's one socket.io connection to /live. It follows rooms by reference count, keeps each
 * room's last position, and on every (re)connect joins each followed room with that position, so the
 * server replays what was missed and then goes live: nothing lost, nothing twice (a message at or
 * before a room's last position is dropped). Each room keeps a short log of the acts it received,
 * which the screens show as "live".
 */
export class LiveClient {
  private readonly socket: Socket;
  private readonly rooms = new Map<string, Followed>();
  private readonly logs = new Map<string, LiveMessage[]>();
  private readonly listeners = new Set<() => void>();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  status: LiveStatus = 'connecting';
  /** Changes whenever a log or the status changes (for useSyncExternalStore). */
  version = 0;

  /**
   * `token` gives a token that is good for a while yet: on every (re)connect, and when the server
   * asks the socket to re-authenticate before its token expires. `signedOut` runs when the server
   * ends the session (signed out elsewhere, or no cluster left to read).
   */
  constructor(
    token: () => Promise<string | undefined>,
    private readonly handlers: LiveHandlers,
    signedOut: () => void = () => undefined,
  ) {
    this.socket = io('/live', { auth: (cb) => void token().then((t) => cb({ token: t })), transports: ['websocket', 'polling'] });
    this.socket.on('reauthenticate', async () => {
      const fresh = await token();
      if (fresh) this.socket.emit('authenticate', { token: fresh });
    });
    this.socket.on('signed_out', () => signedOut());
    this.socket.on('connect', () => {
      this.setStatus('online');
      for (const room of this.rooms.keys()) void this.join(room);
    });
    this.socket.on('disconnect', (reason) => {
      this.setStatus('offline');
      // The server closed us (it does not reconnect by itself then): try again shortly.
      if (reason === 'io server disconnect') this.scheduleReconnect();
    });
    this.socket.on('connect_error', () => this.setStatus('offline'));
    this.socket.on('event', (message: LiveMessage) => this.receive(message));
    this.socket.on('left', ({ room }: { room: string }) => this.rooms.delete(room));
  }

  follow(room: string): () => void {
    const followed = this.rooms.get(room);
    if (followed) followed.followers++;
    else {
      this.rooms.set(room, { followers: 1 });
      if (this.socket.connected) void this.join(room);
    }
    return () => {
      const f = this.rooms.get(room);
      if (!f || --f.followers > 0) return;
      this.rooms.delete(room);
      this.logs.delete(room);
      if (this.socket.connected) this.socket.emit('leave', { room });
    };
  }

  log(room: string): LiveMessage[] {
    return this.logs.get(room) ?? [];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    clearTimeout(this.reconnectTimer);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private async join(room: string): Promise<void> {
    const followed = this.rooms.get(room);
    if (!followed) return;
    const resume = followed.lastPosition;
    const ack = (await this.socket.emitWithAck('join', resume === undefined ? { room } : { room, lastPosition: resume })) as JoinAck;
    if (!ack.ok) {
      // e.g. this server has not reached our position yet: try again in a moment.
      if (this.rooms.has(room)) setTimeout(() => this.socket.connected && void this.join(room), 1_000);
      return;
    }
    const now = this.rooms.get(room);
    if (!now) return;
    if (later(ack.position, now.lastPosition)) now.lastPosition = ack.position;
    if (resume === undefined) this.handlers.freshJoin(room);
  }

  private receive(message: LiveMessage): void {
    const followed = this.rooms.get(message.room);
    if (!followed) return;
    if (!later(message.position, followed.lastPosition)) return; // already handled: never twice
    followed.lastPosition = message.position;
    const log = [...(this.logs.get(message.room) ?? []), message];
    this.logs.set(message.room, log.length > LOG_LIMIT ? log.slice(-LOG_LIMIT) : log);
    this.handlers.message(message);
    this.changed();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (!this.socket.connected) this.socket.connect();
    }, 1_000);
  }

  private setStatus(status: LiveStatus): void {
    this.status = status;
    this.changed();
  }

  private changed(): void {
    this.version++;
    this.listeners.forEach((l) => l());
  }
}
