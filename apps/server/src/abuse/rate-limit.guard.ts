import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import { httpError } from '../http/error-codes';
import { ADDRESS, tooMany } from './rate-limits';

/**
 * @nestjs/throttler's guard, after the auth guard (so the person is known): a refusal is 429
 * rate_limited with `Retry-After` (seconds), whichever budget ran out.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw httpError(429, 'rate_limited', tooMany(detail.key.startsWith(`${ADDRESS}:`) ? ADDRESS : 'person', detail.limit));
  }
}
