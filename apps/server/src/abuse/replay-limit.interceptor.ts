import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { finalize, from, switchMap, throwError, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { httpError } from '../http/error-codes';
import { RateLimits } from './rate-limits';

/**
 * A time-travel read (`asOf` or `atPosition`) folds streams from the log instead of reading the read
 * models: each person may have one under way at a time, and `replaysPerPerson` a minute. Anything
 * more is 429 rate_limited with Retry-After.
 */
@Injectable()
export class ReplayLimitInterceptor implements NestInterceptor {
  constructor(private readonly limits: RateLimits) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const query = request.query ?? {};
    if (!request.personId || (query.asOf === undefined && query.atPosition === undefined)) return next.handle();
    return from(this.limits.startReplay(request.personId)).pipe(
      switchMap((allowed) => {
        if (!allowed.ok) {
          context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(allowed.retryAfterSeconds));
          return throwError(() => httpError(429, 'rate_limited', allowed.message));
        }
        return next.handle().pipe(finalize(allowed.release!));
      }),
    );
  }
}
