import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';

/** HTTP conventions shared by every aggregate's controller: idempotent commands. */
@Global()
@Module({})
export class HttpConventionsModule implements OnApplicationShutdown {
  constructor(private readonly idempotency: IdempotencyStore) {}

  static forDataDir(dataDir: string): DynamicModule {
    return {
      module: HttpConventionsModule,
      providers: [{ provide: IdempotencyStore, useFactory: () => new IdempotencyStore(join(dataDir, 'server.sqlite')) }, IdempotencyInterceptor],
      exports: [IdempotencyStore, IdempotencyInterceptor],
    };
  }

  onApplicationShutdown(): void {
    this.idempotency.close();
  }
}
