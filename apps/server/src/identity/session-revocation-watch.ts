import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { IDENTITY_STORE, type IdentityStore } from './store/identity-store';
import { SessionEvents } from './session-events';

/** How often an instance looks for sessions ended on another instance. */
export const REVOCATION_POLL_MS = 2_000;
/**
 * How far back each look reaches: a sign-out is stamped with its instance's clock and may commit after
 * a later-stamped one, so each look covers the last minute and announces only what it had not yet.
 */
const LOOKBACK_MS = 60_000;

/**
 * Sign-out on one instance ends the session's sockets on every other: each instance looks in the
 * shared identity store for sessions ended lately and tells its live gateway (SessionEvents), which
 * closes its sockets of them. (Their access tokens are refused everywhere at once anyway: the verifier
 * asks the store on every request.)
 */
@Injectable()
export class SessionRevocationWatch implements OnApplicationBootstrap, OnModuleDestroy {
  /** Sessions already announced, with when they ended (forgotten once out of the look-back). */
  private readonly announced = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private looking = false;

  constructor(
    @Inject(IDENTITY_STORE) private readonly store: IdentityStore,
    private readonly events: SessionEvents,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.look(), REVOCATION_POLL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One look: announces the sessions ended since the last minute that were not announced yet. */
  async look(now = Date.now()): Promise<void> {
    if (this.looking) return;
    this.looking = true;
    try {
      const ended = await this.store.sessionsRevokedSince(new Date(now - LOOKBACK_MS));
      for (const [id, at] of this.announced) if (at < now - 2 * LOOKBACK_MS) this.announced.delete(id);
      for (const session of ended) {
        if (this.announced.has(session.sessionId)) continue;
        this.announced.set(session.sessionId, Date.parse(session.revokedAt));
        this.events.ended({ personId: session.personId, sessionIds: [session.sessionId], everywhere: false });
      }
    } catch {
      // The store unreachable for a moment: the next look tries again (tokens are refused regardless).
    } finally {
      this.looking = false;
    }
  }
}
