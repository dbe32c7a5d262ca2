import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { SHARED_STATE, sharedStore, type SharedState } from '../shared-state/shared-state';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { RateLimitGuard } from './rate-limit.guard';
import { ReplayLimitInterceptor } from './replay-limit.interceptor';
import { ADDRESS, MINUTE_MS, PERSON, RATE_LIMIT_SETTINGS, RateLimits, SIGN_IN, type RateLimitSettings } from './rate-limits';
import { isSignInLimited } from './sign-in-limited';
import type { SharedThrottlerStorage } from './storage/shared-throttler-storage';
import { SqliteThrottlerStorage } from './storage/sqlite-throttler-storage';
import { PostgresThrottlerStorage } from './storage/postgres-throttler-storage';

/**
 * Rate limits with @nestjs/throttler: every HTTP request counts against its person's budget and its
 * address's (a request without a token, e.g. /health, counts its address twice). Socket joins and
 * replays count in the same storage (RateLimits). The counts are in the shared state (beside the
 * embedded log, or PostgreSQL), so every instance draws on one budget. Imported after the
 * AuthModule, so its guard runs after the auth guard and knows the person.
 */
@Global()
@Module({})
export class RateLimitModule {
  static forSettings(settings: RateLimitSettings): DynamicModule {
    const throttler = (name: string, limit: number, tracker: (req: Pick<AuthenticatedRequest, 'personId' | 'ip'>) => string) => ({
      name,
      ttl: MINUTE_MS,
      limit,
      skipIf: () => limit <= 0,
      getTracker: (req: Record<string, any>) => tracker(req as AuthenticatedRequest),
    });
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRootAsync({
          inject: [SHARED_STATE],
          useFactory: async (state: SharedState) => ({
            storage: await sharedStore<Promise<SharedThrottlerStorage>>(state, {
              sqlite: async (dir) => SqliteThrottlerStorage.inFolder(dir),
              postgres: (pool) => PostgresThrottlerStorage.open(pool),
            }),
            setHeaders: false,
            // One budget per person (or address) across every route, shared with socket joins.
            generateKey: (_context, tracker, name) => `${name}:${tracker}`,
            throttlers: [
              throttler(PERSON, settings.perPerson, (req) => req.personId ?? `address ${req.ip}`),
              throttler(ADDRESS, settings.perAddress, (req) => req.ip ?? 'unknown'),
              // Sign-in and invitation routes: a tighter budget of their own per address (guessing, floods).
              {
                ...throttler(SIGN_IN, settings.signInPerAddress ?? 0, (req) => req.ip ?? 'unknown'),
                skipIf: (context) => (settings.signInPerAddress ?? 0) <= 0 || !isSignInLimited(context),
              },
            ],
          }),
        }),
      ],
      providers: [
        { provide: RATE_LIMIT_SETTINGS, useValue: settings },
        RateLimits,
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_INTERCEPTOR, useClass: ReplayLimitInterceptor },
      ],
      exports: [RateLimits],
    };
  }
}
