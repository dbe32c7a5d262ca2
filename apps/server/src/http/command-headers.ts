import { randomUUID } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import type { Occurrence } from './command-body.pipe';
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

/**
 * A command as the HTTP layer hands it to its handler: the body's own fields with who asks and when
 * (now), and the options — headers, plus the body's fields for an act recorded after the fact.
 */
export function commandFromRequest<B extends object>(body: B & Occurrence, actor: string, headers: CommandHeaders): { command: B & { actor: string; at: string }; options: ExecuteOptions } {
  const { occurredAt, reference, actedBy, ...fields } = body;
  if (actedBy !== undefined && occurredAt === undefined) {
    throw new BadRequestException({ code: 'invalid_request', message: 'actedBy names who did an act recorded after the fact: give occurredAt too' });
  }
  return {
    command: { ...(fields as B), actor, at: new Date().toISOString() },
    options: {
      ...executeOptions(actor, headers),
      ...(reference ? { reference } : {}),
      ...(occurredAt ? { occurrence: { occurredAt, ...(actedBy ? { actedBy } : {}) } } : {}),
    },
  };
}
