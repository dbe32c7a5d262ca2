import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, from, mergeMap, of, switchMap, throwError, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../../auth/auth.guard';
import { IDEMPOTENCY_LEASE_MS, IdempotencyStore } from './idempotency-store';
import { httpError } from '../error-codes';

/**
 * Replays the first answer to a command retried with the same Idempotency-Key, on whichever server
 * instance the retry lands. The key is claimed before the command runs: a second request with it while
 * the first still runs gets 409 `idempotency_key_in_progress` (Retry-After: 1) instead of running twice.
 * The answer is stored before it is sent; a failed request gives its claim up, so a retry runs again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers['idempotency-key'];
    const personId = request.personId;
    if (request.method !== 'POST' || typeof key !== 'string' || !personId) return next.handle();
    // Keyed by the path the client called, so one key cannot replay an answer for another route.
    const requestHash = IdempotencyStore.requestHash(request.method, request.originalUrl, request.body);
    return from(this.store.claim(personId, key, requestHash, IDEMPOTENCY_LEASE_MS)).pipe(
      switchMap((claim) => {
        switch (claim.kind) {
          case 'mismatch':
            throw httpError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request');
          case 'in_progress':
            response.setHeader('Retry-After', '1');
            throw httpError(409, 'idempotency_key_in_progress', 'A request with this Idempotency-Key is still being processed; send it again in a moment for its answer');
          case 'answered':
            response.status(claim.answer.status);
            if (claim.answer.etag) response.setHeader('ETag', claim.answer.etag);
            response.setHeader('Idempotent-Replayed', 'true');
            return of(claim.answer.body);
          case 'started':
            return next.handle().pipe(
              mergeMap(async (body) => {
                const etag = response.getHeader('ETag');
                await this.store.complete(personId, key, { requestHash, status: response.statusCode, body, etag: etag ? String(etag) : undefined });
                return body;
              }),
              catchError((error: unknown) => from(this.store.release(personId, key).catch(() => undefined)).pipe(mergeMap(() => throwError(() => error)))),
            );
        }
      }),
    );
  }
}
