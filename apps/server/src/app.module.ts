import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ClustersModule } from './clusters/clusters.module';
import { GroupsModule } from './groups/groups.module';
import { MeetingsModule } from './meetings/meetings.module';
import { ElectionsModule } from './elections/elections.module';
import { EventStoreModule } from './event-store/event-store.module';
import { ProjectionsModule } from './projections/projections.module';
import { HealthController } from './health/health.controller';
import { HttpConventionsModule } from './http/http.module';
import { PeopleModule } from './people/people.module';
import { DemoModule } from './demo/demo.module';
import { LiveModule } from './live/live.module';
import { ReadsModule } from './reads/reads.module';
import { ImportsModule } from './imports/imports.module';
import { BenchModule } from './bench/bench.module';
import { ReactorsModule } from './reactors/reactors.module';
import type { Logger } from 'pino';
import { LoggingModule } from './logging/logging.module';
import { RateLimitModule } from './abuse/rate-limit.module';
import { createLogger } from './logging/request-logging';
import { IntegrityModule } from './integrity/integrity.module';
import { AuditModule } from './audit/audit.module';
import { SharedStateModule } from './shared-state/shared-state.module';
import { IdentityModule } from './identity/identity.module';

@Module({})
export class AppModule {
  static forConfig(config: AppConfig, { log = createLogger(config.logLevel) }: { log?: Logger } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forLogger(log),
        EventStoreModule.forConfig(config.eventStore),
        SharedStateModule.forConfig(config.sharedState),
        ProjectionsModule.forConfig(config),
        ReactorsModule.forConfig(config),
        IntegrityModule.forDataDir(config.dataDir),
        AuthModule.forConfig(config.auth),
        IdentityModule.forConfig(config),
        // After the AuthModule: its guard runs after the auth guard and knows the person.
        RateLimitModule.forSettings(config.rateLimits),
        HttpConventionsModule,
        ClustersModule,
        GroupsModule,
        MeetingsModule,
        ElectionsModule,
        ReadsModule,
        ImportsModule,
        PeopleModule,
        LiveModule.forConfig(config),
        AuditModule.forConfig(config),
        ...(config.demo ? [DemoModule.forConfig(config.auth)] : []),
        ...(config.benchNoop ? [BenchModule] : []),
      ],
      controllers: [HealthController],
    };
  }
}
