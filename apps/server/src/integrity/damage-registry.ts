import { Injectable, Logger } from '@nestjs/common';
import { describeDamage, type EventDamage } from '@klaster/event-store';

/** Who found a damaged record. */
export type FoundBy = 'start-up check' | 'background check' | 'read' | 'read models';

export interface KnownDamage extends EventDamage {
  foundBy: FoundBy;
  foundAt: string;
}

/**
 * Every damaged record this server knows of, by stream (the first damage of each). Filled by the
 * verification at start and in the background, by any read that met one, and by the projection
 * runner; read by the guarded store (no command, no time-travel read on a damaged stream), by
 * /health, and logged once when first found.
 */
@Injectable()
export class DamageRegistry {
  private readonly logger = new Logger('Integrity');
  private readonly byStream = new Map<string, KnownDamage>();
  private readonly listeners: ((damage: KnownDamage) => void)[] = [];

  /** Records a damaged event; true (and logged) when its stream was not known to be damaged. */
  record(damage: EventDamage & { foundAt?: string }, foundBy: FoundBy): boolean {
    if (this.byStream.has(damage.streamId)) return false;
    const known: KnownDamage = { ...damage, foundBy, foundAt: damage.foundAt ?? new Date().toISOString() };
    this.byStream.set(damage.streamId, known);
    this.logger.error(`Damaged record (found by the ${foundBy}): ${describeDamage(damage)}. Reads and commands on '${damage.streamId}' answer 503 record_damaged; everything else goes on.`);
    for (const listener of this.listeners) listener(known);
    return true;
  }

  forStream(streamId: string): KnownDamage | undefined {
    return this.byStream.get(streamId);
  }

  all(): KnownDamage[] {
    return [...this.byStream.values()].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  /** Forgets a damage a complete verification no longer finds (the log was restored from a backup). */
  forget(streamId: string): void {
    this.byStream.delete(streamId);
  }

  onRecorded(listener: (damage: KnownDamage) => void): void {
    this.listeners.push(listener);
  }
}
