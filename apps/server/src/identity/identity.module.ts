import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { AppConfig, AuthSettings } from '../config/app-config';
import { openGeneratedSecret, tokenSecret } from '../auth/open-generated-secret';
import { SHARED_STATE, sharedStore, type SharedState } from '../shared-state/shared-state';
import { ClustersModule } from '../clusters/clusters.module';
import { IDENTITY_STORE, type IdentityStore } from './store/identity-store';
import { SqliteIdentityStore } from './store/sqlite-identity-store';
import { PostgresIdentityStore } from './store/postgres-identity-store';
import { importEarlierSqliteIdentity } from './store/import-sqlite-identity';
import { IDENTITY_SETTINGS, SESSION_ISSUER, SESSION_SECRET, SessionService } from './sessions.service';
import { SessionEvents } from './session-events';
import { SessionRevocationWatch } from './session-revocation-watch';
import { PasskeysService } from './passkeys.service';
import { InvitationsService } from './invitations.service';
import { InvitationMailer } from './invitation-mail';
import { InvitationsController } from './invitations.controller';
import { SessionsController } from './sessions.controller';
import { DevicesController } from './devices.controller';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';

/**
 * The secret the sessions' access tokens are signed with: the bearer tokens' own, or (with JWKS_URL)
 * JWT_SECRET or the generated one — kept in the shared state, so every instance accepts them.
 */
export async function sessionSecret(auth: AuthSettings, state: SharedState): Promise<string> {
  if (auth.kind !== 'jwks') return tokenSecret(auth, state);
  return auth.sessionSecret ?? (await openGeneratedSecret(state)).readOrCreate();
}

/** The PostgreSQL identity store, with what an earlier version kept in identity.sqlite copied in at the first start. */
async function openPostgresIdentity(pool: Pool, earlierSqliteStore: string | undefined): Promise<IdentityStore> {
  const store = await PostgresIdentityStore.open(pool);
  const copied = earlierSqliteStore ? await importEarlierSqliteIdentity(earlierSqliteStore, store) : 0;
  if (copied > 0) new Logger('IdentityModule').log(`copied ${copied} passkey(s), the live sessions and the OIDC links from ${earlierSqliteStore} into PostgreSQL`);
  return store;
}

/**
 * Signing in as people do: invitations (acts in the log), passkeys, the organisation's OIDC
 * provider, and sessions. Credentials and sessions live in the identity store (shared state), not in the log.
 */
@Global()
@Module({})
export class IdentityModule implements OnApplicationShutdown {
  constructor(@Inject(IDENTITY_STORE) private readonly store: IdentityStore) {}

  static forConfig(config: Pick<AppConfig, 'identity' | 'auth'>): DynamicModule {
    return {
      module: IdentityModule,
      imports: [CqrsModule, ClustersModule],
      controllers: [InvitationsController, SessionsController, DevicesController, OidcController],
      providers: [
        { provide: IDENTITY_SETTINGS, useValue: config.identity },
        {
          provide: IDENTITY_STORE,
          inject: [SHARED_STATE],
          useFactory: (state: SharedState) =>
            sharedStore<Promise<IdentityStore>>(state, {
              sqlite: async (dir) => SqliteIdentityStore.inFolder(dir),
              postgres: (pool) => openPostgresIdentity(pool, config.identity.earlierSqliteStore),
            }),
        },
        { provide: SESSION_SECRET, inject: [SHARED_STATE], useFactory: (state: SharedState) => sessionSecret(config.auth, state) },
        { provide: SESSION_ISSUER, useValue: config.auth.kind === 'jwks' ? undefined : config.auth.issuer },
        SessionService,
        SessionEvents,
        SessionRevocationWatch,
        PasskeysService,
        InvitationsService,
        InvitationMailer,
        OidcService,
      ],
      exports: [IDENTITY_STORE, IDENTITY_SETTINGS, SESSION_SECRET, SessionService, SessionEvents],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
