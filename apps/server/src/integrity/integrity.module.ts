import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { join } from 'node:path';
import { DamagedReadsInterceptor } from './damaged-reads';
import { IntegrityService, VERIFICATION_STATE } from './integrity.service';
import { VerificationState } from './verification-state';

/**
 * The log's integrity as the server sees it: verification at start (before serving) and in the
 * background, damaged records in /health and the log, and 503 record_damaged for what depends on one.
 * The DamageRegistry and the damage-aware store live in EventStoreModule (every handler's port).
 */
@Module({})
export class IntegrityModule {
  static forDataDir(dataDir: string): DynamicModule {
    return {
      module: IntegrityModule,
      providers: [
        { provide: VERIFICATION_STATE, useFactory: () => new VerificationState(join(dataDir, 'integrity.sqlite')) },
        IntegrityService,
        { provide: APP_INTERCEPTOR, useClass: DamagedReadsInterceptor },
      ],
      exports: [IntegrityService],
    };
  }
}
