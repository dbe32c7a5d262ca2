import { z } from 'zod';

const whole = (what: string) => z.coerce.number({ error: `must be a number of ${what}` }).int(`must be a whole number of ${what}`);

/** The environment variables of sign-in, validated with the rest at start-up. */
export const identityEnvSchema = z.object({
  /** The address people open (https://klaster.example.org): invitation links, the passkeys' relying party, the OIDC redirect. Unset: each request's own origin. */
  PUBLIC_URL: z.url({ error: 'must be an absolute http(s) URL' }).regex(/^https?:\/\/[^/]+\/?$/, 'must be an origin: scheme, host and port, no path').optional(),
  /** How long an access token lives, in seconds (the browser refreshes it with its session cookie). */
  ACCESS_TOKEN_TTL_SECONDS: whole('seconds').min(30).max(3_600).default(300),
  /** How long a session lasts without being used (each refresh extends it). */
  SESSION_TTL_DAYS: whole('days').min(1).max(365).default(30),
  /** How long an invitation link stays valid by default. */
  INVITATION_TTL_DAYS: whole('days').min(1).max(90).default(7),
  /** Sign-in and invitation requests one client address may make a minute (0: no limit). */
  SIGN_IN_RATE_LIMIT_PER_ADDRESS: whole('requests a minute').min(0).max(100_000).default(60),
  OIDC_ISSUER: z.url({ error: 'must be the provider’s issuer URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The provider's name on the sign-in button (e.g. the organisation's name). */
  OIDC_NAME: z.string().min(1).max(60).optional(),
  /** smtp://user:password@host:587 or smtps://…: invitations are e-mailed too. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** The sender of invitation e-mails. */
  MAIL_FROM: z.string().min(3).max(200).optional(),
});

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

export interface IdentitySettings {
  publicUrl?: string;
  /** With DATABASE_URL: where an earlier version kept the identity store (copied into PostgreSQL once, at the first start). */
  earlierSqliteStore?: string;
  accessTokenTtlSeconds: number;
  sessionTtlDays: number;
  invitationTtlDays: number;
  oidc?: OidcSettings;
  mail?: { url: string; from: string };
}

type IdentityEnv = z.infer<typeof identityEnvSchema>;

/** What is wrong with the combination of identity variables (each alone was valid). */
export function identityProblems(e: IdentityEnv): { variable: string; message: string }[] {
  const oidc = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  const given = oidc.filter((v) => e[v] !== undefined);
  const problems: { variable: string; message: string }[] = given.length > 0 && given.length < oidc.length ? oidc.filter((v) => e[v] === undefined).map((variable) => ({ variable, message: 'must be set with the other OIDC_ variables' })) : [];
  if (e.SMTP_URL && !e.MAIL_FROM) problems.push({ variable: 'MAIL_FROM', message: 'must be set when SMTP_URL is (the sender of invitations)' });
  return problems;
}

export function identitySettings(e: IdentityEnv): IdentitySettings {
  return {
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    invitationTtlDays: e.INVITATION_TTL_DAYS,
    oidc: e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, name: e.OIDC_NAME ?? new URL(e.OIDC_ISSUER).hostname } : undefined,
    mail: e.SMTP_URL && e.MAIL_FROM ? { url: e.SMTP_URL, from: e.MAIL_FROM } : undefined,
  };
}
