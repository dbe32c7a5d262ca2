import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

/** Printable ASCII (space to ~), as HTTP header values people and clients actually send. */
const printableAscii = (max: number) =>
  z
    .string()
    .min(1)
    .max(max, `at most ${max} characters`)
    .regex(/^[\x20-\x7E]*$/, 'printable ASCII only');

export const correlationIdSchema = printableAscii(128).optional();
export const idempotencyKeySchema = printableAscii(200).optional();

/** The headers the server stores or logs, bounded: anything else in them is refused with 400 before any work. */
const boundedHeaders = z.object({
  'x-correlation-id': correlationIdSchema,
  'idempotency-key': idempotencyKeySchema,
});

export function refuseUnboundedHeaders(req: Request, _res: Response, next: NextFunction): void {
  const parsed = boundedHeaders.safeParse({ 'x-correlation-id': req.headers['x-correlation-id'], 'idempotency-key': req.headers['idempotency-key'] });
  next(parsed.success ? undefined : parsed.error);
}
