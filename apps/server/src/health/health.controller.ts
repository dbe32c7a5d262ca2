import { Controller, Get, Inject } from '@nestjs/common';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../event-store/event-store.module';
import { Public } from '../auth/auth.guard';
import { IntegrityService } from '../integrity/integrity.service';
import { healthOf } from '../integrity/health-report';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore & { kind: string },
    private readonly integrity: IntegrityService,
  ) {}

  /**
   * Liveness, the log's head, and its integrity: `degraded` (still 200: everything else is served)
   * when a damaged record is known, the read models cannot keep up, or the log could not be verified.
   */
  @Get()
  async health() {
    return healthOf(this.store.kind, await this.store.headPosition(), this.integrity.report());
  }
}
