import { Controller, Get, Inject } from '@nestjs/common';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../event-store/event-store.module';
import { Public } from '../auth/auth.guard';

@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore & { kind: string }) {}

  /** Liveness plus the log's head; positions cross JSON as decimal strings. */
  @Get()
  async health(): Promise<{ status: 'ok'; store: string; headPosition: string }> {
    return { status: 'ok', store: this.store.kind, headPosition: (await this.store.headPosition()).toString() };
  }
}
