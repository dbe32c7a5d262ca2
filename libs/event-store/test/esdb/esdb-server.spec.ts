import { UnsupportedServer } from '../../src';
import { assertSupportedServer, knownPosition, MINIMUM_SERVER } from '../../src/esdb/esdb-server';

describe('assertSupportedServer (the version the server reports through ServerFeatures)', () => {
  it('needs 23.10', () => {
    expect(MINIMUM_SERVER).toEqual({ major: 23, minor: 10 });
  });

  it.each(['23.10.0.0', '23.10', '23.11.2.0', '24.2.0.0', '24.10.4.0', '25.0.0.0', '100.1'])('accepts %s', (serverVersion) => {
    expect(() => assertSupportedServer({ serverVersion })).not.toThrow();
  });

  it.each(['23.9.9.0', '23.6.0.0', '22.10.1.0', '22.11.0.0', '21.10.0.0', '0.0.0.0'])('refuses %s, naming it and what would not work', (serverVersion) => {
    let refusal: unknown;
    try {
      assertSupportedServer({ serverVersion });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UnsupportedServer);
    expect((refusal as Error).message).toBe(
      `EventStoreDB ${serverVersion} is too old: Klaster needs 23.10 or later ` +
        '(events without their position on stream reads before 22.10, no "caught up" in subscriptions before 23.10)',
    );
  });

  it('refuses a server that cannot say its version (before 21.10), saying so', () => {
    expect(() => assertSupportedServer({ serverVersion: 'unknown' })).toThrow(/^EventStoreDB unknown \(older than 21\.10\) is too old: Klaster needs 23\.10 or later/);
    expect(() => assertSupportedServer({ serverVersion: 'v24.10' })).toThrow(/^EventStoreDB v24\.10 \(older than 21\.10\) is too old/);
  });
});

describe('knownPosition (an event position as the client reports it)', () => {
  it('is the position itself, from a bigint, a number or a string', () => {
    expect(knownPosition(1n)).toBe(1n);
    expect(knownPosition(4242)).toBe(4242n);
    expect(knownPosition('4242')).toBe(4242n);
    expect(knownPosition(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
  });

  it('is unknown where the server gave none: absent, 0 (a field left out), 2^64 − 1 (before 22.10), anything past 2^63 − 1', () => {
    expect(knownPosition(undefined)).toBeUndefined();
    expect(knownPosition(0n)).toBeUndefined();
    expect(knownPosition(0)).toBeUndefined();
    expect(knownPosition(-1n)).toBeUndefined();
    expect(knownPosition(2n ** 64n - 1n)).toBeUndefined();
    expect(knownPosition((2n ** 64n - 1n).toString())).toBeUndefined();
    expect(knownPosition(2n ** 63n)).toBeUndefined();
  });
});
