import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable, map } from 'rxjs';
import type { DocumentDamage } from '@klaster/projections';

/** A query read a document that no longer follows its stream: 503 record_damaged. */
export class RecordDamaged extends Error {
  readonly code = 'record_damaged';
  constructor(readonly damage: DocumentDamage) {
    super(`The record of '${damage.streamId}' is damaged at position ${damage.position}`);
    this.name = 'RecordDamaged';
  }
}

/** The damaged documents the current request's handler read, if any. */
const touched = new AsyncLocalStorage<{ damage?: DocumentDamage }>();

/** Called by the read models for every damaged document a handler reads; outside a request, nothing. */
export function noteDamagedRead(damage: DocumentDamage): void {
  const request = touched.getStore();
  if (request) request.damage ??= damage;
}

/**
 * Turns an answer that was built from a damaged document into 503 record_damaged — only once the
 * handler has answered, i.e. after it decided the person may see it: someone who may not read the
 * record still gets its usual 404, so a damaged record reveals nothing about what exists.
 */
@Injectable()
export class DamagedReadsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return new Observable((subscriber) => {
      const request: { damage?: DocumentDamage } = {};
      return touched.run(request, () =>
        next
          .handle()
          .pipe(
            map((answer) => {
              if (request.damage) throw new RecordDamaged(request.damage);
              return answer;
            }),
          )
          .subscribe(subscriber),
      );
    });
  }
}
