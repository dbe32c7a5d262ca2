import type { Socket } from 'socket.io';
import { SocketTokenLifetime } from './socket-token-lifetime';

/** Just what the lifetime uses of a socket.io socket. */
function fakeSocket() {
  const emitted: [string, unknown][] = [];
  const socket = { data: {} as Record<string, unknown>, connected: true, emit: (name: string, payload: unknown) => emitted.push([name, payload]), disconnect: jest.fn() };
  return { socket: socket as unknown as Socket, emitted, disconnect: socket.disconnect };
}

describe('SocketTokenLifetime', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2025-01-01T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('asks for a fresh token a minute before expiry, then disconnects at expiry', () => {
    const { socket, emitted, disconnect } = fakeSocket();
    const lifetime = new SocketTokenLifetime(60_000);
    lifetime.watch(socket, new Date('2025-01-01T13:00:00Z'));
    jest.advanceTimersByTime(59 * 60_000 - 1);
    expect(emitted).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(emitted).toEqual([['reauthenticate', { expiresAt: '2025-01-01T13:00:00.000Z' }]]);
    expect(SocketTokenLifetime.isValid(socket)).toBe(true);
    jest.advanceTimersByTime(60_000);
    expect(emitted.map(([name]) => name)).toEqual(['reauthenticate', 'expired']);
    expect(disconnect).toHaveBeenCalledWith(true);
    expect(SocketTokenLifetime.isValid(socket)).toBe(false);
  });

  it('a fresh token pushes the deadline back: no disconnect at the first expiry', () => {
    const { socket, emitted, disconnect } = fakeSocket();
    const lifetime = new SocketTokenLifetime(60_000);
    lifetime.watch(socket, new Date('2025-01-01T12:10:00Z'));
    jest.advanceTimersByTime(9 * 60_000);
    lifetime.watch(socket, new Date('2025-01-01T14:00:00Z'));
    jest.advanceTimersByTime(60 * 60_000);
    expect(disconnect).not.toHaveBeenCalled();
    expect(emitted.map(([name]) => name)).toEqual(['reauthenticate']);
    expect(SocketTokenLifetime.isValid(socket)).toBe(true);
  });

  it('a short token is warned at half its remaining life', () => {
    const { socket, emitted } = fakeSocket();
    new SocketTokenLifetime(60_000).watch(socket, new Date('2025-01-01T12:00:10Z'));
    jest.advanceTimersByTime(4_999);
    expect(emitted).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(emitted.map(([name]) => name)).toEqual(['reauthenticate']);
  });

  it('a 40-day token is not cut short by setTimeout’s 24.8-day limit', () => {
    const { socket, emitted, disconnect } = fakeSocket();
    new SocketTokenLifetime(60_000).watch(socket, new Date(Date.now() + 40 * 86_400_000));
    jest.advanceTimersByTime(30 * 86_400_000);
    expect(emitted).toEqual([]);
    expect(disconnect).not.toHaveBeenCalled();
    jest.advanceTimersByTime(10 * 86_400_000);
    expect(emitted.map(([name]) => name)).toEqual(['reauthenticate', 'expired']);
    expect(disconnect).toHaveBeenCalled();
  });

  it('stop forgets the socket: nothing fires after a disconnect', () => {
    const { socket, emitted, disconnect } = fakeSocket();
    const lifetime = new SocketTokenLifetime(60_000);
    lifetime.watch(socket, new Date('2025-01-01T12:10:00Z'));
    lifetime.stop(socket);
    jest.advanceTimersByTime(3_600_000);
    expect(emitted).toEqual([]);
    expect(disconnect).not.toHaveBeenCalled();
  });
});
