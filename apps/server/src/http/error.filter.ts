import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { Rejection } from '@klaster/domain';
import { EventTooLarge, InvalidEventStoreInput, StoreUnavailable, UnsupportedServer, WrongExpectedVersion } from '@klaster/event-store';
import { codeOfStatus, type ErrorCode } from './error-codes';
import { requestBodyError } from './body-parsing';
import type { ErrorBody as ContractErrorBody } from './contracts';
import { damagedRecordBody, damagedStreamOf } from '../integrity/damage-error-body';
import type { DamageVisibility } from '../integrity/damage-visibility';

const STATUS_OF_REJECTION = { forbidden: 403, not_found: 404, conflict: 409, precondition_failed: 412, rule_broken: 422 } as const;

/** Every error's body (its zod schema, errorBodySchema, is in the OpenAPI document). `code`: see error-codes.ts. */
export type ErrorBody = Omit<ContractErrorBody, 'code'> & { code: ErrorCode | string };

/** One place where every failure becomes an HTTP status, a stable code and a message a person can read. */
export function toErrorBody(error: unknown): ErrorBody {
  const damaged = damagedRecordBody(error);
  if (damaged) return damaged;
  if (error instanceof Rejection) {
    return { statusCode: STATUS_OF_REJECTION[error.kind], code: error.code, error: error.kind, message: error.message };
  }
  if (error instanceof ZodError) {
    return {
      statusCode: 400,
      code: 'invalid_request',
      error: 'invalid_request',
      message: 'The request is not valid: ' + error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
      issues: error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message, code: i.code })),
    };
  }
  if (error instanceof WrongExpectedVersion) {
    return { statusCode: 409, code: 'conflict', error: 'conflict', message: 'Someone else changed this record at the same time; reload and try again.' };
  }
  if (error instanceof InvalidEventStoreInput) return { statusCode: 400, code: 'invalid_request', error: 'invalid_request', message: error.message, issues: error.issues };
  if (error instanceof EventTooLarge) return { statusCode: 413, code: 'payload_too_large', error: 'too_large', message: error.message };
  // An EventStoreDB server too old for the adapter is, for a client, a store it cannot use: 503 saying why.
  if (error instanceof StoreUnavailable || error instanceof UnsupportedServer) return { statusCode: 503, code: 'unavailable', error: 'unavailable', message: error.message };
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const fields = typeof response === 'string' ? { message: response } : (response as { message?: unknown; code?: unknown });
    const status = error.getStatus();
    const message = Array.isArray(fields.message) ? fields.message.join('; ') : String(fields.message ?? error.message);
    const code = typeof fields.code === 'string' ? fields.code : codeOfStatus(status);
    // Nest's own exceptions are named by their status (NotFoundException); a plain one by its code.
    return { statusCode: status, code, error: error.constructor === HttpException ? code : error.name, message };
  }
  const unreadable = requestBodyError(error);
  if (unreadable) return unreadable;
  return { statusCode: 500, code: 'internal_error', error: 'internal_error', message: 'Something went wrong on our side; nothing was recorded.' };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /** `damageVisibility`: who may be told a record is damaged (others get its 404); without it, everyone. */
  constructor(private readonly damageVisibility?: DamageVisibility) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const damagedStream = damagedStreamOf(error);
    const hidden = damagedStream && this.damageVisibility?.(host.switchToHttp().getRequest<{ personId?: string }>().personId, damagedStream);
    const body = toErrorBody(hidden || error);
    // Only the server's own failures are errors. A 503 says "not yet" (read models behind, store
    // unreachable): a warning. A 4xx is the client's; the request log line records it.
    if (body.statusCode === 503) this.logger.warn(`${body.code}: ${body.message}`);
    else if (body.statusCode >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    host.switchToHttp().getResponse<Response>().status(body.statusCode).json(body);
  }
}
