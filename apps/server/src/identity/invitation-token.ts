import { clusterIdSchema } from '@klaster/domain';
import { hashToken, newSecretToken } from './secret-token';

/**
 * An invitation's token: `<clusterId>.<256 random bits, base64url>`. The cluster id tells any server
 * instance which stream to read; the log keeps only the sha256 of the whole token. The link carries
 * it after `#` (`/invitations#<token>`), so it never reaches a server log, a proxy or a Referer.
 */
export function newInvitationToken(clusterId: string): { token: string; tokenHash: string } {
  const token = `${clusterId}.${newSecretToken()}`;
  return { token, tokenHash: hashToken(token) };
}

/** The cluster a token names and its hash, or undefined for something that is no token of ours. */
export function readInvitationToken(token: string): { clusterId: string; tokenHash: string } | undefined {
  const dot = token.lastIndexOf('.');
  const clusterId = token.slice(0, dot);
  if (dot < 1 || !/^[A-Za-z0-9_-]{43}$/.test(token.slice(dot + 1)) || !clusterIdSchema.safeParse(clusterId).success) return undefined;
  return { clusterId, tokenHash: hashToken(token) };
}

export const invitationLink = (origin: string, token: string) => `${origin}/invitations#${token}`;
