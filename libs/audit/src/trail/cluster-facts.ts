import { clusterDecider, clusterStreamId, initialClusterState, parseClusterEvent, upcast, type ClusterState } from '@klaster/domain';
import { StreamNotFound, occurredAtOf, type EventStore, type GlobalPosition, type RecordedEvent } from '@klaster/event-store';

/** A charter version and when it came to be: the log position it was recorded at, and when it occurred. */
interface CharterVersionMark {
  version: number;
  position: GlobalPosition;
  occurredAt: number;
}

/**
 * What the audit's texts need from the cluster's own stream: its members' names, its time zone, and the
 * history of its charter versions (to tell the version each act was judged under).
 */
export class ClusterFacts {
  /** Member names as the acts ask for them (once per event or more; the state's member record is a large keyed object). */
  private readonly names = new Map<string, string>();

  private constructor(
    readonly state: ClusterState,
    private readonly charters: CharterVersionMark[],
  ) {}

  static async load(store: EventStore, clusterId: string): Promise<ClusterFacts> {
    let state = initialClusterState();
    const charters: CharterVersionMark[] = [];
    try {
      for await (const event of store.readStream(clusterStreamId(clusterId))) {
        try {
          state = clusterDecider.evolve(state, parseClusterEvent(event.type, upcast(event.type, event.metadata.schemaVersion, event.data)));
        } catch {
          // An event the domain cannot read still has its place in the trail; it just names nothing here.
        }
        const version = event.type === 'ClusterFounded' ? 1 : event.type === 'CharterAmended' ? (event.data as { version: number }).version : undefined;
        if (version !== undefined) charters.push({ version, position: event.position, occurredAt: Date.parse(occurredAtOf(event)) });
      }
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    return new ClusterFacts(state, charters);
  }

  get timeZone(): string {
    return this.state.timeZone;
  }

  memberName(memberId: string): string {
    let name = this.names.get(memberId);
    if (name === undefined) this.names.set(memberId, (name = this.state.members[memberId]?.organisation.name ?? memberId));
    return name;
  }

  /**
   * The charter version an act was judged under: the one its event names (a vote, an election), else
   * the latest version recorded before it that had occurred by the time the act occurred (an act
   * recorded after the fact is judged on the cluster of its day).
   */
  charterVersionOf(event: Pick<RecordedEvent, 'data' | 'position' | 'metadata'>): number | null {
    const named = (event.data as { charterVersion?: unknown } | null)?.charterVersion;
    if (typeof named === 'number') return named;
    const occurred = Date.parse(occurredAtOf(event));
    let version: number | null = null;
    for (const mark of this.charters) {
      if (mark.position <= event.position && mark.occurredAt <= occurred && (version === null || mark.version > version)) version = mark.version;
    }
    return version;
  }
}

