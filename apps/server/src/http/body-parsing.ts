import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import typeis from 'type-is';
import { httpError, type ErrorCode } from './error-codes';
import type { ErrorBody } from './error.filter';

/**
 * The largest request body read. An agreement's text runs to tens of kilobytes, and the store refuses
 * any event over MAX_EVENT_BYTES (413) anyway: a body is allowed twice that, and never less than 2 MB.
 */
export function bodyLimitBytes(maxEventBytes: number): number {
  return Math.max(2_000_000, 2 * maxEventBytes);
}

/**
 * JSON bodies only, UTF-8 only, at most `limitBytes`, gzip or deflate allowed. What body-parser
 * refuses (too large, another charset, bytes that are not gzip, JSON that does not parse) reaches the
 * error filter as 413, 415 or 400 — before any token is checked, never a 500.
 */
export function useJsonBodies(app: NestExpressApplication, limitBytes: number): void {
  app.useBodyParser('json', { limit: limitBytes, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('text', { limit: importLimitBytes(limitBytes), type: IMPORT_MEDIA_TYPES });
  app.use('/api', refuseOtherMediaTypes);
}

/** A file of past acts to import (POST /api/imports) is JSON Lines, one act a line: ten times a body (20 MB by default). */
export const importLimitBytes = (bodyLimit: number) => 10 * bodyLimit;

/** The media types of an import file (JSON Lines), accepted on the import endpoint only. */
export const IMPORT_MEDIA_TYPES = ['application/x-ndjson', 'application/jsonl'];

/** A command's body that is not JSON would otherwise arrive as "no body" and be judged as `{}`. */
function refuseOtherMediaTypes(req: Request, _res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  const hasBody = req.headers['transfer-encoding'] !== undefined || length > 0;
  if (!hasBody || typeis(req, ['application/json', 'application/*+json'])) return next();
  if (req.path === '/imports' && typeis(req, IMPORT_MEDIA_TYPES)) return next();
  next(httpError(415, 'unsupported_media_type', `Send the body as application/json (UTF-8), not ${req.headers['content-type'] ?? 'without a Content-Type'}`));
}

const MESSAGES: Record<number, [ErrorCode, string]> = {
  400: ['invalid_request', 'The request body could not be read'],
  413: ['payload_too_large', 'The request body is too large'],
  415: ['unsupported_media_type', 'The request body must be JSON in UTF-8 (Content-Type: application/json), plain or gzip/deflate encoded'],
};

/**
 * body-parser's errors (http-errors: a 4xx `status`, `expose` set; `type` such as entity.too.large,
 * charset.unsupported; none for a zlib failure) as an error body; undefined for anything else.
 */
export function requestBodyError(error: unknown): ErrorBody | undefined {
  const e = error as { status?: unknown; type?: unknown; expose?: unknown; message?: unknown };
  if (typeof e?.status !== 'number' || e.expose !== true || e.status < 400 || e.status >= 500) return undefined;
  const [code, message] = MESSAGES[e.status] ?? MESSAGES[400];
  const detail = typeof e.message === 'string' ? `: ${e.message}` : '';
  return { statusCode: MESSAGES[e.status] ? e.status : 400, code, error: typeof e.type === 'string' ? e.type : code, message: `${message}${detail}` };
}
