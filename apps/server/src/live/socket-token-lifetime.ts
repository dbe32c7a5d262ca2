import type { Socket } from 'socket.io';

/** How long before its token expires a socket is asked to send a fresh one (at most half its remaining life). */
export const REAUTHENTICATE_NOTICE_MS = 60_000;
/** setTimeout's longest delay (about 24.8 days); a token that lives longer (a 30-day CLI token) is watched in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Timers {
  notice?: NodeJS.Timeout;
  expiry?: NodeJS.Timeout;
}

/**
 * A socket lives no longer than its token. Shortly before the token expires the socket receives
 * `reauthenticate` { expiresAt }; the client answers with `authenticate` { token } (a fresh token of
 * the same person), which pushes the deadline back. If none comes, at expiry the socket receives
 * `expired` and is disconnected.
 */
export class SocketTokenLifetime {
  private readonly timers = new WeakMap<Socket, Timers>();

  constructor(private readonly noticeMs = REAUTHENTICATE_NOTICE_MS) {}

  /** Whether the socket's token is still valid now. */
  static isValid(socket: Socket): boolean {
    const expiresAt = socket.data.expiresAt as Date | undefined;
    return expiresAt !== undefined && expiresAt.getTime() > Date.now();
  }

  watch(socket: Socket, expiresAt: Date): void {
    this.stop(socket);
    socket.data.expiresAt = expiresAt;
    const remaining = expiresAt.getTime() - Date.now();
    const timers: Timers = {};
    const notice = remaining - Math.min(this.noticeMs, remaining / 2);
    if (notice > MAX_TIMER_MS) {
      // A token that lives for weeks: look again when setTimeout can reach its notice.
      timers.notice = later(MAX_TIMER_MS, () => this.watch(socket, expiresAt));
      this.timers.set(socket, timers);
      return;
    }
    timers.notice = later(notice, () => socket.emit('reauthenticate', { expiresAt: expiresAt.toISOString() }));
    timers.expiry = later(remaining, () => {
      socket.emit('expired', { expiresAt: expiresAt.toISOString(), reason: 'Your token expired; connect again with a fresh one' });
      socket.disconnect(true);
    });
    this.timers.set(socket, timers);
  }

  stop(socket: Socket): void {
    const timers = this.timers.get(socket);
    if (!timers) return;
    clearTimeout(timers.notice);
    clearTimeout(timers.expiry);
    this.timers.delete(socket);
  }
}

/** A timer that never keeps the process alive (delays up to MAX_TIMER_MS). */
function later(delayMs: number, run: () => void): NodeJS.Timeout {
  return setTimeout(run, Math.max(0, delayMs)).unref();
}
