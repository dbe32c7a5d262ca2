import { Logger } from '@nestjs/common';
import { loadOrCreateSealKey, sealCluster, type SealKey, type SealOutcome } from '@klaster/audit';
import type { EventStore } from '@klaster/event-store';
import type { SealSettings } from '../config/app-config';

/**
 * The server's seals: its signing key (kept 0600 in the data folder, or where SEAL_KEY_FILE says), the
 * seal of a cluster on demand, and the schedule (SEAL_INTERVAL) that seals every cluster whose record
 * moved. Several instances may seal at once: sealCluster writes one seal between them.
 */
export class SealKeeper {
  readonly key: SealKey | undefined;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private readonly log = new Logger('Seals');

  constructor(
    private readonly store: EventStore,
    private readonly settings: SealSettings,
  ) {
    this.key = settings.keyFile ? loadOrCreateSealKey(settings.keyFile) : undefined;
  }

  seal(clusterId: string, correlationId?: string): Promise<SealOutcome> {
    return sealCluster(this.store, clusterId, { key: this.key, correlationId });
  }

  /** Seals each cluster in turn every interval (never two rounds at once). */
  start(clusterIds: () => Promise<string[]>): void {
    if (this.settings.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.round) return;
      this.round = this.sealAll(clusterIds).finally(() => (this.round = undefined));
    }, this.settings.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  async sealAll(clusterIds: () => Promise<string[]>): Promise<void> {
    for (const clusterId of await clusterIds()) {
      try {
        await this.seal(clusterId, `seal-schedule:${new Date().toISOString()}`);
      } catch (error) {
        // A damaged record, an unreachable store: the cluster is sealed at the next round.
        this.log.error(`Could not seal cluster ${clusterId}: ${(error as Error).message}`);
      }
    }
  }
}
