import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { Rejection } from '@klaster/domain';
import { EventTooLarge, InvalidEventStoreInput, StoreUnavailable, WrongExpectedVersion } from '@klaster/event-store';
import { damagedRecordBody } from '../integrity/damage-error-body';

const STATUS_OF_REJECTION = { forbidden: 403, not_found: 404, conflict: 409, rule_broken: 422 } as const;

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  issues?: { path: (string | number)[]; message: string; code?: string }[];
}

/** One place where every failure becomes an HTTP status and a message a person can read. */
export function toErrorBody(error: unknown): ErrorBody {
  const damaged = damagedRecordBody(error);
  if (damaged) return damaged;
  if (error instanceof Rejection) {
    return { statusCode: STATUS_OF_REJECTION[error.kind], error: error.kind, message: error.message };
  }
  if (error instanceof ZodError) {
    return {
      statusCode: 400,
      error: 'invalid_request',
      message: 'The request is not valid: ' + error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
      issues: error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message, code: i.code })),
    };
  }
  if (error instanceof WrongExpectedVersion) {
    return { statusCode: 409, error: 'conflict', message: 'Someone else changed this record at the same time; reload and try again.' };
  }
  if (error instanceof InvalidEventStoreInput) return { statusCode: 400, error: 'invalid_request', message: error.message, issues: error.issues };
  if (error instanceof EventTooLarge) return { statusCode: 413, error: 'too_large', message: error.message };
  if (error instanceof StoreUnavailable) return { statusCode: 503, error: 'unavailable', message: error.message };
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: string }).message ?? error.message);
    return { statusCode: error.getStatus(), error: error.name, message: String(message) };
  }
  return { statusCode: 500, error: 'internal_error', message: 'Something went wrong on our side; nothing was recorded.' };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    host.switchToHttp().getResponse<Response>().status(body.statusCode).json(body);
  }
}
