import { createHash, randomBytes } from 'node:crypto';

/** An unguessable token (256 bits, base64url): invitation links and refresh tokens. */
export const newSecretToken = () => randomBytes(32).toString('base64url');

/** What is stored of a secret token: its sha256 (hex). A stolen database holds no usable token. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new person's id: random, so the log never carries a name. */
export const newPersonId = () => `p-${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
