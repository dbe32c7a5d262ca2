import { UnsupportedServer } from '../port/errors';

/**
 * What the adapter needs from EventStoreDB: events' commit positions on stream reads (22.10+) and the
 * "caught up" message in catch-up subscriptions (23.10+), which the port's subscriptions signal.
 */
export const MINIMUM_SERVER = { major: 23, minor: 10 } as const;

/**
 * What the client learnt of the server (its ServerFeatures: the version the server reports, or
 * "unknown" for a server too old to report it — before 21.10).
 */
export interface ServerCapabilities {
  serverVersion: string;
}

/** Refuses a server older than MINIMUM_SERVER, naming its version and what would not work. */
export function assertSupportedServer(capabilities: ServerCapabilities): void {
  const match = /^(\d+)\.(\d+)/.exec(capabilities.serverVersion);
  const major = match ? Number(match[1]) : -1;
  const minor = match ? Number(match[2]) : -1;
  if (major > MINIMUM_SERVER.major || (major === MINIMUM_SERVER.major && minor >= MINIMUM_SERVER.minor)) return;
  const version = match ? capabilities.serverVersion : `${capabilities.serverVersion} (older than 21.10)`;
  throw new UnsupportedServer(
    `EventStoreDB ${version} is too old: Klaster needs ${MINIMUM_SERVER.major}.${MINIMUM_SERVER.minor} or later ` +
      '(events without their position on stream reads before 22.10, no "caught up" in subscriptions before 23.10)',
  );
}

/** The largest commit position EventStoreDB gives an event (a signed 64-bit log position). */
const LARGEST_POSITION = 2n ** 63n - 1n;

/**
 * An event's commit position as the client reports it, or undefined when the server gave none. The
 * client (v6) always reports one: 0 when the field was absent, and servers before 22.10 send 2^64−1
 * ("no position") for events read from a stream. No event of the log is at 0: its first record is the
 * server's epoch record.
 */
export function knownPosition(position: bigint | number | string | undefined): bigint | undefined {
  if (position === undefined) return undefined;
  const value = BigInt(position);
  return value > 0n && value <= LARGEST_POSITION ? value : undefined;
}
