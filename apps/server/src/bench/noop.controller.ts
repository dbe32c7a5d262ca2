import { Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { PersonId } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor';

/**
 * Only registered when BENCH_NOOP=true: a command endpoint that does nothing. It goes through what
 * every command goes through before its handler — the JSON body parser, the global auth guard (a
 * bearer token verified per request), the person id and the IdempotencyInterceptor — so
 * `npm run bench:api` can measure the framework's floor beside the ballot path on the same server.
 */
@Controller('api/bench')
@UseInterceptors(IdempotencyInterceptor)
export class NoopController {
  @Post('noop')
  @HttpCode(201)
  noop(@PersonId() _actor: string): Record<string, never> {
    return {};
  }
}
