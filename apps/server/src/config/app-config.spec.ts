import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, loadUsableConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded store in ./data on port 3000', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: resolve('data'),
      readYourWriteTimeoutMs: 5_000,
      liveResumeMemory: 1_000,
      demo: false,
      benchNoop: false,
      eventStore: { kind: 'sqlite', path: resolve('data', 'events.sqlite'), maxEventBytes: 1_000_000 },
      sharedState: { kind: 'sqlite', dir: resolve('data') },
      auth: { kind: 'generated-secret' },
      logLevel: 'info',
      rateLimits: { perPerson: 600, perAddress: 3_000, replaysPerPerson: 60, liveResumeMaxEvents: 20_000, signInPerAddress: 60 },
      identity: { accessTokenTtlSeconds: 300, sessionTtlDays: 30, invitationTtlDays: 7 },
      seals: { intervalMs: 3_600_000, keyFile: resolve('data', 'seal-key.pem') },
    });
  });

  it('reads how often seals are made and which key signs them', () => {
    expect(loadConfig({ SEAL_INTERVAL: '15m', SEAL_KEY_FILE: '/keys/seal.pem' }).seals).toEqual({ intervalMs: 900_000, keyFile: '/keys/seal.pem' });
    expect(loadConfig({ SEAL_INTERVAL: '0' }).seals?.intervalMs).toBe(0);
    expect(loadConfig({ SEAL_INTERVAL: '90' }).seals?.intervalMs).toBe(90_000);
    expect(loadConfig({ SEAL_SIGNING: 'false' }).seals).toEqual({ intervalMs: 3_600_000, keyFile: undefined });
  });

  it('reads the rate limits, the log level and the proxies to trust', () => {
    const config = loadConfig({ RATE_LIMIT_PER_PERSON: '0', RATE_LIMIT_PER_ADDRESS: '50', REPLAY_LIMIT_PER_PERSON: '5', LIVE_RESUME_MAX_EVENTS: '100', LOG_LEVEL: 'warn', TRUST_PROXY: '1' });
    expect(config.rateLimits).toEqual({ perPerson: 0, perAddress: 50, replaysPerPerson: 5, liveResumeMaxEvents: 100, signInPerAddress: 60 });
    expect(config.logLevel).toBe('warn');
    expect(config.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('verifies tokens with JWT_SECRET, or with an identity provider’s JWKS_URL', () => {
    expect(loadConfig({ JWT_SECRET: 's'.repeat(32) }).auth).toEqual({ kind: 'secret', secret: 's'.repeat(32) });
    expect(loadConfig({ JWKS_URL: 'https://id.example/jwks.json', JWT_ISSUER: 'https://id.example' }).auth).toEqual({
      kind: 'jwks',
      url: 'https://id.example/jwks.json',
      issuer: 'https://id.example',
    });
  });

  it('selects EventStoreDB when a connection string is given', () => {
    const config = loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false', PORT: '8080', JWT_SECRET: 's'.repeat(32) });
    expect(config.port).toBe(8080);
    expect(config.eventStore).toEqual({ kind: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false', maxEventBytes: 1_000_000 });
    // Without DATABASE_URL the shared state is this instance's own folder (one instance only).
    expect(config.sharedState).toEqual({ kind: 'sqlite', dir: resolve('data') });
  });

  it('keeps the shared state beside the embedded log (EVENTS_PATH), so processes sharing the log share it too; or in DATABASE_URL', () => {
    const shared = loadConfig({ DATA_DIR: '/srv/klaster/a', EVENTS_PATH: '/srv/klaster/log/events.sqlite' });
    expect(shared.dataDir).toBe(resolve('/srv/klaster/a'));
    expect(shared.eventStore).toMatchObject({ kind: 'sqlite', path: resolve('/srv/klaster/log/events.sqlite') });
    expect(shared.sharedState).toEqual({ kind: 'sqlite', dir: resolve('/srv/klaster/log') });
    const url = 'postgresql://klaster@db.internal/klaster';
    expect(loadConfig({ DATABASE_URL: url }).sharedState).toEqual({ kind: 'postgres', url });
    // Where an earlier version kept sign-in's store with DATABASE_URL: copied into PostgreSQL at the first start.
    expect(loadConfig({ DATABASE_URL: url, EVENTS_PATH: '/srv/klaster/log/events.sqlite' }).identity.earlierSqliteStore).toBe(resolve('/srv/klaster/log/identity.sqlite'));
  });

  it('refuses EventStoreDB without a token secret every server shares (JWT_SECRET, or the generated one in DATABASE_URL), and says why', () => {
    const esdb = { EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' };
    let error: unknown;
    try {
      loadConfig(esdb);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([{ variable: 'JWT_SECRET', message: expect.stringContaining('several servers share one log') }]);
    expect((error as ConfigError).message).toMatch(/set JWT_SECRET \(the same on every server; with JWKS_URL it signs the sign-in sessions\), or DATABASE_URL/);
    expect(loadConfig({ ...esdb, JWT_SECRET: 's'.repeat(32) }).auth.kind).toBe('secret');
    // An identity provider's keys verify its tokens, but the server signs its own sign-in sessions: that secret must be shared too.
    expect(() => loadConfig({ ...esdb, JWKS_URL: 'https://id.example/jwks.json' })).toThrow(ConfigError);
    expect(loadConfig({ ...esdb, JWKS_URL: 'https://id.example/jwks.json', JWT_SECRET: 's'.repeat(32) }).auth).toMatchObject({ kind: 'jwks', sessionSecret: 's'.repeat(32) });
    expect(loadConfig({ ...esdb, DATABASE_URL: 'postgres://db/klaster' })).toMatchObject({ auth: { kind: 'generated-secret' }, sharedState: { kind: 'postgres' } });
    // The embedded log's file and EventStoreDB are two different logs.
    expect(() => loadConfig({ ...esdb, JWT_SECRET: 's'.repeat(32), EVENTS_PATH: '/srv/events.sqlite' })).toThrow(/EVENTS_PATH: is the embedded log/);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['EVENTSTORE_CONNECTION_STRING', 'http://localhost:2113'],
    ['MAX_EVENT_BYTES', '-5'],
    ['JWT_SECRET', 'too-short'],
    ['JWKS_URL', 'not a url'],
    ['DEMO', 'yes'],
    ['READ_YOUR_WRITE_TIMEOUT_MS', '-1'],
    ['BENCH_NOOP', '1'],
    ['LOG_LEVEL', 'loud'],
    ['RATE_LIMIT_PER_PERSON', '-1'],
    ['RATE_LIMIT_PER_ADDRESS', 'many'],
    ['REPLAY_LIMIT_PER_PERSON', '1.5'],
    ['LIVE_RESUME_MAX_EVENTS', 'x'],
    ['SEAL_INTERVAL', 'hourly'],
    ['SEAL_INTERVAL', '-1h'],
    ['SEAL_SIGNING', 'no'],
    ['DATABASE_URL', 'mysql://db/klaster'],
  ])('refuses a bad %s (%s), naming the variable', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
    expect((error as ConfigError).message).toContain(variable);
  });
});

describe('loadUsableConfig: the data folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const problemOf = (dataDir: string) => {
    try {
      loadUsableConfig({ DATA_DIR: dataDir });
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
  };

  it('creates a missing folder and accepts a writable one', () => {
    expect(problemOf(join(dir, 'new', 'data'))).toBeUndefined();
    expect(existsSync(join(dir, 'new', 'data'))).toBe(true);
    expect(problemOf(dir)).toBeUndefined();
  });

  it("names EVENTS_PATH when the log's folder is unusable, and creates a missing one", () => {
    writeFileSync(join(dir, 'plik'), 'x');
    expect(() => loadUsableConfig({ DATA_DIR: join(dir, 'a'), EVENTS_PATH: join(dir, 'plik', 'events.sqlite') })).toThrow(/EVENTS_PATH: its folder .* is a file, not a folder/);
    expect(loadUsableConfig({ DATA_DIR: join(dir, 'a'), EVENTS_PATH: join(dir, 'log', 'events.sqlite') }).eventStore).toMatchObject({ path: join(dir, 'log', 'events.sqlite') });
    expect(existsSync(join(dir, 'log'))).toBe(true);
  });

  it('names DATA_DIR when it is a file, or lies under one', () => {
    writeFileSync(join(dir, 'plik'), 'x');
    expect(problemOf(join(dir, 'plik'))).toEqual([{ variable: 'DATA_DIR', message: `${join(dir, 'plik')} is a file, not a folder` }]);
    expect(problemOf(join(dir, 'plik', 'data'))).toEqual([
      { variable: 'DATA_DIR', message: `${join(dir, 'plik', 'data')} does not exist and cannot be created (a part of the path is a file, not a folder)` },
    ]);
  });
});
