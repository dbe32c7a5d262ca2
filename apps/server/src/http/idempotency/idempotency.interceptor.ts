import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { of, tap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../../auth/auth.guard';
import { IdempotencyStore } from './idempotency.store';
import { httpError } from '../error-codes';

/** Replays the first answer to a command retried with the same Idempotency-Key. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.personId) return next.handle();
    // Keyed by the path the client called, so one key cannot replay an answer for another route.
    const requestHash = IdempotencyStore.requestHash(request.method, request.originalUrl, request.body);
    const previous = this.store.get(request.personId, key);
    if (previous) {
      if (previous.requestHash !== requestHash) {
        throw httpError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request');
      }
      response.status(previous.status);
      if (previous.etag) response.setHeader('ETag', previous.etag);
      response.setHeader('Idempotent-Replayed', 'true');
      return of(previous.body);
    }
    return next.handle().pipe(
      tap((body) => {
        const etag = response.getHeader('ETag');
        this.store.put(request.personId!, key, { requestHash, status: response.statusCode, body, etag: etag ? String(etag) : undefined });
      }),
    );
  }
}
