import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import { httpError } from '../http/error-codes';
import { ADDRESS, SIGN_IN, tooMany } from './rate-limits';

/**
 * @nestjs/throttler's guard, after the auth guard (so the person is known): a refusal is 429
 * rate_limited with `Retry-After` (seconds), whichever budget ran out.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    const throttler = [ADDRESS, SIGN_IN].find((name) => detail.key.startsWith(`${name}:`)) ?? 'person';
    throw httpError(429, 'rate_limited', tooMany(throttler, detail.limit));
  }
}
