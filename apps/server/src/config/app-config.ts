import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { RateLimitSettings } from '../abuse/rate-limits';
import type { SharedStateConfig } from '../shared-state/shared-state';
import { dataDirProblem } from './data-dir';
import { identityEnvSchema, identityProblems, identitySettings, type IdentitySettings } from '../identity/identity-config';

/** Every setting the server reads, from environment variables, validated once at start-up. */
const envSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number (0-65535)' }).int('must be a whole number').min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** This instance's own files (read models, integrity, reactor checkpoints), and by default the embedded log and the shared state. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** The embedded log's file, when several server processes on one machine share it (default $DATA_DIR/events.sqlite). */
  EVENTS_PATH: z.string().min(1).optional(),
  /** PostgreSQL for the state every instance shares (secret-ballot keys, people, idempotent answers, the generated token secret). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  /** How long a query given `position` waits for the read models to reach it before answering 503. */
  READ_YOUR_WRITE_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).max(600_000).default(5_000),
  /** Selects the EventStoreDB adapter, e.g. esdb://admin:changeit@localhost:2113?tls=false */
  EVENTSTORE_CONNECTION_STRING: z
    .string()
    .regex(/^esdb(\+discover)?:\/\//, 'must start with esdb:// or esdb+discover://')
    .optional(),
  /** HS256 secret for bearer tokens; when neither this nor JWKS_URL is set, one is made in DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** An identity provider's JWKS endpoint (tokens signed with its keys; `sub` is the person id). */
  JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** true: load the seed-004 demo cluster into an empty store and hand out demo tokens over HTTP. */
  DEMO: z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }).default('false'),
  /** Messages each followed live room keeps, so a client back after a short absence resumes from memory (0: always from the log). */
  LIVE_RESUME_MEMORY: z.coerce.number({ error: 'must be a number of messages' }).int().min(0).max(100_000).default(1_000),
  MAX_EVENT_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int().positive().max(16_000_000).default(1_000_000),
  /** HTTP requests and socket joins per person per minute (0: no limit). */
  RATE_LIMIT_PER_PERSON: z.coerce.number({ error: 'must be a number of requests a minute' }).int().min(0).max(1_000_000).default(600),
  /** HTTP requests and socket joins per client address per minute (0: no limit). */
  RATE_LIMIT_PER_ADDRESS: z.coerce.number({ error: 'must be a number of requests a minute' }).int().min(0).max(1_000_000).default(3_000),
  /** Time-travel reads and live resumes from the log per person per minute, one at a time (0: no limit but one at a time). */
  REPLAY_LIMIT_PER_PERSON: z.coerce.number({ error: 'must be a number of replays a minute' }).int().min(0).max(1_000_000).default(60),
  /** The most events a live resume folds from the log; further behind, the client is told to reload. */
  LIVE_RESUME_MAX_EVENTS: z.coerce.number({ error: 'must be a number of events' }).int().min(0).max(100_000_000).default(20_000),
  /** Express's `trust proxy`: which proxies' X-Forwarded-For to believe for the client's address (e.g. loopback, 1). */
  TRUST_PROXY: z.string().min(1).optional(),
  /** The least severe log lines written (JSON lines on stdout, one per request). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  /** true: serve POST /api/bench/noop (auth and idempotency only, no store), the HTTP floor `npm run bench:api` measures. */
  BENCH_NOOP: z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }).default('false'),
  /** How often each cluster whose record moved is sealed (e.g. 15m, 1h, 1d; 0: only on demand). */
  SEAL_INTERVAL: z
    .string()
    .regex(/^\d+(ms|s|m|h|d)?$/, 'must be a duration such as 30s, 15m, 1h or 1d (0: seal only on demand)')
    .default('1h'),
  /** The Ed25519 key (PKCS#8 PEM) seals are signed with; by default DATA_DIR/seal-key.pem, made at first start. */
  SEAL_KEY_FILE: z.string().min(1).optional(),
  /** false: seals are not signed (they still commit to every stream's head). */
  SEAL_SIGNING: z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }).default('true'),
  // Invitations, passkeys, the organisation's OIDC provider, sessions, e-mail (identity/identity-config.ts).
  ...identityEnvSchema.shape,
});

export type EventStoreConfig =
  | { kind: 'sqlite'; path: string; maxEventBytes: number }
  | { kind: 'eventstoredb'; connectionString: string; maxEventBytes: number };

export type AuthSettings =
  | { kind: 'secret'; secret: string; issuer?: string }
  /** Made once and kept in the shared state (a `jwt-secret` file beside the log, or PostgreSQL). */
  | { kind: 'generated-secret'; issuer?: string }
  /** Sign-in sessions' tokens are signed with sessionSecret (JWT_SECRET), else with the generated one. */
  | { kind: 'jwks'; url: string; issuer?: string; audience?: string; sessionSecret?: string };

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** How long a query waits for the read models to reach the position it was given (then 503). */
  readYourWriteTimeoutMs: number;
  /** Recent messages kept per followed live room for resumes from memory. */
  liveResumeMemory: number;
  eventStore: EventStoreConfig;
  /** Where the state every instance on the log must share is kept (see SharedState). */
  sharedState: SharedStateConfig;
  auth: AuthSettings;
  demo: boolean;
  /** Serve the no-op endpoint used by the HTTP benchmark. */
  benchNoop: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  rateLimits: RateLimitSettings;
  /** Express's `trust proxy` setting, when the server runs behind proxies. */
  trustProxy?: boolean | number | string;
  /** What this process is, in words, for another process refused the read models ("a Klaster server" by default). */
  processRole?: string;
  /** Seals of each cluster's record (see the README, Auditors). */
  seals?: SealSettings;
  /** Sign-in: invitations, passkeys, OIDC, sessions, e-mail. */
  identity: IdentitySettings;
}

export interface SealSettings {
  /** 0: only on demand. */
  intervalMs: number;
  /** Where the signing key is (made there when missing); undefined when seals are not signed. */
  keyFile?: string;
}

const DURATION_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** `15m` → 900000 (a bare number is seconds). */
export function durationMs(text: string): number {
  const [, amount, unit] = /^(\d+)(ms|s|m|h|d)?$/.exec(text)!;
  return Number(amount) * DURATION_MS[(unit ?? 's') as keyof typeof DURATION_MS];
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming each bad variable. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })));
  }
  const e = parsed.data;
  const problems = identityProblems(e);
  if (problems.length) throw new ConfigError(problems);
  const dataDir = resolve(e.DATA_DIR);
  if (e.EVENTSTORE_CONNECTION_STRING && e.EVENTS_PATH) {
    throw new ConfigError([{ variable: 'EVENTS_PATH', message: 'is the embedded log, but EVENTSTORE_CONNECTION_STRING selects EventStoreDB: set only one' }]);
  }
  // Instances on one EventStoreDB must verify each other's tokens: a secret made by each for itself cannot.
  // With JWKS_URL the server still signs its own sign-in sessions, with JWT_SECRET or the generated secret.
  if (e.EVENTSTORE_CONNECTION_STRING && !e.JWT_SECRET && !e.DATABASE_URL) {
    throw new ConfigError([
      {
        variable: 'JWT_SECRET',
        message:
          'with EventStoreDB several servers share one log and must accept each other\'s tokens, so the token secret cannot be made by each server for itself: ' +
          'set JWT_SECRET (the same on every server; with JWKS_URL it signs the sign-in sessions), or DATABASE_URL (the secret is then made once and kept there)',
      },
    ]);
  }
  const eventsPath = resolve(e.EVENTS_PATH ?? resolve(dataDir, 'events.sqlite'));
  // Shared SQLite files sit beside the embedded log; on EventStoreDB in this instance's data folder.
  const sharedSqliteDir = e.EVENTSTORE_CONNECTION_STRING ? dataDir : dirname(eventsPath);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    readYourWriteTimeoutMs: e.READ_YOUR_WRITE_TIMEOUT_MS,
    liveResumeMemory: e.LIVE_RESUME_MEMORY,
    demo: e.DEMO === 'true',
    benchNoop: e.BENCH_NOOP === 'true',
    logLevel: e.LOG_LEVEL,
    rateLimits: {
      perPerson: e.RATE_LIMIT_PER_PERSON,
      perAddress: e.RATE_LIMIT_PER_ADDRESS,
      replaysPerPerson: e.REPLAY_LIMIT_PER_PERSON,
      liveResumeMaxEvents: e.LIVE_RESUME_MAX_EVENTS,
      signInPerAddress: e.SIGN_IN_RATE_LIMIT_PER_ADDRESS,
    },
    seals: { intervalMs: durationMs(e.SEAL_INTERVAL), keyFile: e.SEAL_SIGNING === 'false' ? undefined : resolve(e.SEAL_KEY_FILE ?? resolve(dataDir, 'seal-key.pem')) },
    trustProxy: e.TRUST_PROXY === undefined ? undefined : e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    auth: e.JWKS_URL
      ? { kind: 'jwks', url: e.JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, sessionSecret: e.JWT_SECRET }
      : e.JWT_SECRET
        ? { kind: 'secret', secret: e.JWT_SECRET, issuer: e.JWT_ISSUER }
        : { kind: 'generated-secret', issuer: e.JWT_ISSUER },
    // Sessions and passkeys live in the shared state like the rest (identity.sqlite beside the embedded log, or PostgreSQL).
    identity: { ...identitySettings(e), ...(e.DATABASE_URL ? { earlierSqliteStore: resolve(sharedSqliteDir, 'identity.sqlite') } : {}) },
    eventStore: e.EVENTSTORE_CONNECTION_STRING
      ? { kind: 'eventstoredb', connectionString: e.EVENTSTORE_CONNECTION_STRING, maxEventBytes: e.MAX_EVENT_BYTES }
      : { kind: 'sqlite', path: eventsPath, maxEventBytes: e.MAX_EVENT_BYTES },
    // Shared by every process on the log: beside the embedded log's file (its folder), or PostgreSQL.
    // On EventStoreDB without DATABASE_URL, this instance's data folder: one instance only.
    sharedState: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', dir: sharedSqliteDir },
  };
}

/** The configuration, with its data folder checked on disk: created if missing, and writable (ConfigError otherwise). */
export function loadUsableConfig(env: NodeJS.ProcessEnv): AppConfig {
  const config = loadConfig(env);
  const problem = dataDirProblem(config.dataDir);
  if (problem) throw new ConfigError([{ variable: 'DATA_DIR', message: problem }]);
  if (config.eventStore.kind === 'sqlite' && dirname(config.eventStore.path) !== config.dataDir) {
    const logProblem = dataDirProblem(dirname(config.eventStore.path));
    if (logProblem) throw new ConfigError([{ variable: 'EVENTS_PATH', message: `its folder ${logProblem}` }]);
  }
  return config;
}

/**
 * For entry points: the configuration, or a message naming each bad variable and exit code 1 — an
 * unusable DATA_DIR (a file, not writable, impossible to create) included.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv): AppConfig {
  try {
    return loadUsableConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
