import { StreamNotFound, occurredAtOf, readsJsonText, type EventStore, type EventWithJson, type GlobalPosition, type RecordedEvent } from '@klaster/event-store';
import { inEveryLanguage, message, type Locale, type Texts } from '../messages/catalogue';
import { aggregateOf, clusterStreamsFilter, isStreamOf, type AggregateKind } from '../streams/cluster-streams';
import { ClusterFacts } from './cluster-facts';
import { describeAct, type ActContext } from './describe-act';

/** Narrows the trail; every filter given must hold. */
export interface TrailFilters {
  /** A kind of aggregate (`meeting`), or one aggregate (`meeting:<id>`, `cluster`, `register`…). */
  aggregate?: string;
  types?: string[];
  actor?: string;
  /** ISO instants: from inclusive, to exclusive. */
  occurredFrom?: string;
  occurredTo?: string;
  recordedFrom?: string;
  recordedTo?: string;
  correlationId?: string;
}

/** How a person appears to this reader. */
export interface PersonAsSeen {
  name: string | null;
  erased: boolean;
}
export type PeopleLookup = (personId: string) => PersonAsSeen;
const idsOnly: PeopleLookup = () => ({ name: null, erased: false });

export interface TrailEntry {
  position: string;
  streamId: string;
  revision: string;
  eventId: string;
  type: string;
  aggregate: { kind: AggregateKind; id: string; name: Texts };
  /** The act in words. */
  act: Texts;
  actor: { personId: string; name: string | null; erased: boolean; system: boolean; label: Texts };
  occurredAt: string;
  recordedAt: string;
  reference?: string;
  correlationId: string;
  causationId: string;
  /** The charter version the act was judged under (null before the cluster's founding is recorded). */
  charterVersion: number | null;
  hash: string;
  prevHash: string | null;
}

/**
 * What an export adds to each event: only what the event itself does not say (the act in words, the
 * aggregate, the actor as this reader may see them, when it occurred, the charter version). Ids,
 * positions, hashes and times the event carries are not repeated (export format /2).
 */
export interface ExportEntry {
  aggregate: { kind: AggregateKind; id: string };
  act: Texts;
  actor: { name: string | null; erased: boolean };
  occurredAt: string;
  charterVersion: number | null;
}

export interface TrailPage {
  entries: TrailEntry[];
  /** Pass as `after` for the next page; null once the log has no more of the cluster's events. */
  nextCursor: string | null;
}

/**
 * Turns the cluster's events into trail entries: the act in words in every language, who did it (as
 * the reader may see them), when it occurred and was recorded, the charter version it was judged under.
 */
export class TrailWriter {
  private readonly titles = new Map<string, string | undefined>();
  private readonly context: ActContext;
  // An export asks for these once per event; they repeat per stream and per person (one object each,
  // which also lets the JSON line reuse their text: see JsonLines).
  private readonly aggregates = new Map<string, ExportEntry['aggregate']>();
  private readonly actors = new Map<string, ExportEntry['actor']>();

  private constructor(
    private readonly store: EventStore,
    readonly facts: ClusterFacts,
    private readonly people: PeopleLookup,
  ) {
    const seen = (personId: string, locale: Locale) => {
      const p = this.people(personId);
      return p.erased ? message(locale, 'actor.erased') : (p.name ?? personId);
    };
    this.context = {
      timeZone: facts.timeZone,
      memberName: (id) => facts.memberName(id),
      personName: seen,
      streamTitle: (streamId) => this.titles.get(streamId),
    };
  }

  static async open(store: EventStore, clusterId: string, people: PeopleLookup = idsOnly): Promise<TrailWriter> {
    return new TrailWriter(store, await ClusterFacts.load(store, clusterId), people);
  }

  /** The event's entry; synchronous once the title of its stream is known (an export asks for one per event). */
  entryOf(event: RecordedEvent): TrailEntry | Promise<TrailEntry> {
    return this.onceTitled(event, () => this.entryNow(event));
  }

  /** The event's export entry (ExportEntry): the trail entry without its copies of the event's own fields. */
  exportEntryOf(event: RecordedEvent): ExportEntry | Promise<ExportEntry> {
    return this.onceTitled(event, () => this.exportEntryNow(event));
  }

  /** Builds now when the event's stream title is known, else after reading it (once per stream). */
  private onceTitled<T>(event: RecordedEvent, build: () => T): T | Promise<T> {
    return this.titles.has(event.streamId) ? build() : this.knowTitleOf(event).then(build);
  }

  private exportEntryNow(event: RecordedEvent): ExportEntry {
    return {
      aggregate: this.aggregateOf(event.streamId),
      act: describeAct(event, this.context),
      actor: this.actorOf(event.metadata.actor),
      occurredAt: occurredAtOf(event),
      charterVersion: this.facts.charterVersionOf(event),
    };
  }

  private aggregateOf(streamId: string): ExportEntry['aggregate'] {
    let aggregate = this.aggregates.get(streamId);
    if (!aggregate) {
      const { kind, id } = aggregateOf(streamId)!;
      this.aggregates.set(streamId, (aggregate = { kind, id }));
    }
    return aggregate;
  }

  /** The actor as this reader sees them; the people lookup answers for one reader at one time, so once per person. */
  private actorOf(actor: string): ExportEntry['actor'] {
    let seen = this.actors.get(actor);
    if (!seen) {
      const person = actor.startsWith('$') ? { name: null, erased: false } : this.people(actor);
      this.actors.set(actor, (seen = { name: person.name, erased: person.erased }));
    }
    return seen;
  }

  /** The export entry and every field of the event the trail shows beside it. */
  private entryNow(event: RecordedEvent): TrailEntry {
    const lean = this.exportEntryNow(event);
    const actor = event.metadata.actor;
    const system = actor.startsWith('$');
    const { name, erased } = lean.actor;
    return {
      position: event.position.toString(),
      streamId: event.streamId,
      revision: event.revision.toString(),
      eventId: event.id,
      type: event.type,
      aggregate: { ...lean.aggregate, name: inEveryLanguage(`aggregate.${lean.aggregate.kind}` as 'aggregate.cluster') },
      act: lean.act,
      actor: {
        personId: actor,
        name,
        erased,
        system,
        label: system ? inEveryLanguage('actor.system') : erased ? inEveryLanguage('actor.erased') : { pl: name ?? actor, en: name ?? actor },
      },
      occurredAt: lean.occurredAt,
      recordedAt: event.metadata.recordedAt,
      ...(event.metadata.reference ? { reference: event.metadata.reference } : {}),
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      charterVersion: lean.charterVersion,
      hash: event.metadata.hash,
      prevHash: event.metadata.prevHash,
    };
  }

  /** A meeting's title or a group's name, from its first event (read once per stream). */
  private async knowTitleOf(event: RecordedEvent): Promise<void> {
    if (this.titles.has(event.streamId)) return;
    const titleOf = (e: Pick<RecordedEvent, 'type' | 'data'>) =>
      e.type === 'MeetingConvened' ? (e.data as { title?: string }).title : e.type === 'GroupRequested' ? (e.data as { name?: string }).name : undefined;
    if (event.revision === 0n) {
      this.titles.set(event.streamId, titleOf(event));
      return;
    }
    let title: string | undefined;
    try {
      for await (const first of this.store.readStream(event.streamId, { maxCount: 1 })) title = titleOf(first);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    this.titles.set(event.streamId, title);
  }
}

/** Whether an event passes the filters. */
export function matchesTrailFilters(event: RecordedEvent, f: TrailFilters): boolean {
  if (f.types && f.types.length > 0 && !f.types.includes(event.type)) return false;
  if (f.actor && event.metadata.actor !== f.actor) return false;
  if (f.correlationId && event.metadata.correlationId !== f.correlationId) return false;
  if (f.aggregate) {
    const a = aggregateOf(event.streamId)!;
    const [kind, id] = f.aggregate.split(/:(.*)/s);
    if (a.kind !== kind || (id !== undefined && id !== '' && a.id !== id)) return false;
  }
  const occurred = Date.parse(occurredAtOf(event));
  const recorded = Date.parse(event.metadata.recordedAt);
  if (f.occurredFrom && occurred < Date.parse(f.occurredFrom)) return false;
  if (f.occurredTo && occurred >= Date.parse(f.occurredTo)) return false;
  if (f.recordedFrom && recorded < Date.parse(f.recordedFrom)) return false;
  if (f.recordedTo && recorded >= Date.parse(f.recordedTo)) return false;
  return true;
}

interface ClusterEventsOptions {
  after?: GlobalPosition;
  toPosition?: GlobalPosition;
  filters?: TrailFilters;
  onScanned?: (position: GlobalPosition) => void;
}

/** The cluster's events (its seals included) in log order after a position, up to an inclusive bound, filtered. */
export async function* clusterEvents(store: EventStore, clusterId: string, options: ClusterEventsOptions = {}): AsyncIterable<RecordedEvent> {
  for await (const event of store.readAll({ fromPosition: options.after ?? 0n, filter: clusterStreamsFilter(clusterId) })) {
    const taken = takes(event, clusterId, options);
    if (taken === 'end') return;
    if (taken) yield event;
  }
}

/**
 * The cluster's events as clusterEvents gives them, in arrays of up to `size`, each with the JSON text
 * of its data and metadata where the store hands it out (the embedded store: readAllWithJson; otherwise
 * undefined, and a writer serialises the event). An export reads the whole log: one await per batch,
 * not per event in each layer, and no event serialised again (the profile of `npm run bench:audit`).
 */
export async function* clusterEventBatches(store: EventStore, clusterId: string, size: number, options: ClusterEventsOptions = {}): AsyncIterable<EventWithJson[]> {
  let batch: EventWithJson[] = [];
  for await (const page of readPagesWithJson(store, clusterId, options)) {
    for (const read of page) {
      const taken = takes(read.event, clusterId, options);
      if (taken === 'end') {
        if (batch.length > 0) yield batch;
        return;
      }
      if (!taken) continue;
      batch.push(read);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

function readPagesWithJson(store: EventStore, clusterId: string, options: ClusterEventsOptions): AsyncIterable<EventWithJson[]> {
  const read = { fromPosition: options.after ?? 0n, filter: clusterStreamsFilter(clusterId) };
  if (readsJsonText(store)) return store.readAllWithJson({ ...read, toPosition: options.toPosition });
  return (async function* () {
    for await (const event of store.readAll(read)) {
      yield [{ event, dataJson: undefined, metadataJson: undefined }];
      if (options.toPosition !== undefined && event.position >= options.toPosition) return;
    }
  })();
}

/** Whether the event is one of the cluster's the options ask for; 'end' once past their bound. */
function takes(event: RecordedEvent, clusterId: string, options: ClusterEventsOptions): boolean | 'end' {
  if (options.toPosition !== undefined && event.position > options.toPosition) return 'end';
  options.onScanned?.(event.position);
  return isStreamOf(event.streamId, clusterId) && (!options.filters || matchesTrailFilters(event, options.filters));
}

/**
 * One page of the trail: up to `limit` entries after the cursor. A page also ends after `scanLimit`
 * events of the cluster were looked at, so a filter that matches little never holds a request long;
 * its cursor then goes on from there.
 */
export async function readTrail(
  store: EventStore,
  clusterId: string,
  options: { after?: GlobalPosition; limit?: number; scanLimit?: number; filters?: TrailFilters; people?: PeopleLookup } = {},
): Promise<TrailPage> {
  const limit = options.limit ?? 100;
  const scanLimit = options.scanLimit ?? 20_000;
  const writer = await TrailWriter.open(store, clusterId, options.people);
  const entries: TrailEntry[] = [];
  let scanned = 0;
  const head = await store.headPosition();
  for await (const event of clusterEvents(store, clusterId, { after: options.after, toPosition: head })) {
    scanned++;
    if (!options.filters || matchesTrailFilters(event, options.filters)) entries.push(await writer.entryOf(event));
    if (entries.length >= limit || scanned >= scanLimit) return { entries, nextCursor: event.position.toString() };
  }
  return { entries, nextCursor: null };
}
