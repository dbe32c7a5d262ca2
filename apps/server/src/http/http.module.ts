import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { SHARED_STATE, type SharedState } from '../shared-state/shared-state';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { openIdempotencyStore } from './idempotency/open-idempotency-store';

/** HTTP conventions shared by every aggregate's controller: idempotent commands (answers kept in the shared state). */
@Global()
@Module({
  providers: [{ provide: IdempotencyStore, inject: [SHARED_STATE], useFactory: (state: SharedState) => openIdempotencyStore(state) }, IdempotencyInterceptor],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class HttpConventionsModule implements OnApplicationShutdown {
  constructor(private readonly idempotency: IdempotencyStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.idempotency.close();
  }
}
