import { randomUUID } from 'node:crypto';
import type { ExecuteOptions } from '../command-handling/execute-on-stream';
import { expectedRevisionFrom } from './command-response';

/** The headers every command endpoint understands. */
export interface CommandHeaders {
  'if-match'?: string;
  'idempotency-key'?: string;
  'x-correlation-id'?: string;
}

/** Turns a request's actor and headers into the options of executeOnStream. */
export function executeOptions(actor: string, headers: CommandHeaders): ExecuteOptions {
  return {
    actor,
    correlationId: headers['x-correlation-id'] ?? randomUUID(),
    expectedRevision: expectedRevisionFrom(headers['if-match']),
    // Scoped to the person, as the idempotency store is: two people's keys never collide.
    idempotencyKey: headers['idempotency-key'] && `${actor}:${headers['idempotency-key']}`,
  };
}
