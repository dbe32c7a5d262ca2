import { upcast } from '@klaster/domain';
import type { RecordedEvent } from '@klaster/event-store';
import type { SplitPath } from '../store/document-parts';

/**
 * A read model as pure functions: which document an event updates, and how. The runner feeds it
 * every event of the log, one at a time, in position order.
 */
export interface Projection<Doc = unknown> {
  collection: string;
  /** The key of the document this event updates, or undefined when the event is not for it. */
  keyOf(event: RecordedEvent): string | undefined;
  /** Returns a new document and never changes `doc`: the runner keeps committed documents parsed and shares them. */
  apply(doc: Doc | undefined, event: RecordedEvent): Doc;
  /** The cluster a document belongs to (for listing and permission checks). */
  clusterIdOf(doc: Doc): string | null;
  /** Records of the document stored as one row per entry (see ReadModelStore): for documents that grow large. */
  splitAt?: readonly SplitPath[];
  /**
   * The split entries (concrete paths from the document's root) this event may change, when the
   * projection can tell from the event alone; the store then writes those rows and compares nothing
   * else. Must name every entry the event changes (naming one it leaves alone only costs a write);
   * undefined: the store compares every entry. Given the document after the event and before it.
   */
  touches?(event: RecordedEvent, doc: Doc, before: Doc | undefined): readonly SplitPath[] | undefined;
  /** A document read back from JSON, in the form `apply` works on (e.g. maps revived); may change `doc`, which is fresh. */
  revive?(doc: Doc): Doc;
  /**
   * The terms the document is found by (`ReadModelStore.keysWithTerm`), e.g. the people who may read
   * a cluster: kept in the same transaction as the document, so a lookup by term is exact without
   * reading any other document. Computed once per commit of the document.
   */
  termsOf?(doc: Doc): readonly string[];
}

/** A document that is an aggregate's state, with the stream revision and log position it reflects. */
export interface AggregateDoc<S> {
  state: S;
  revision: bigint;
  position: bigint;
}

/**
 * The read model of an aggregate is the aggregate's own fold (the domain's evolve), so what readers
 * see can never disagree with what the deciders decide on.
 */
export function aggregateProjection<S, E>(options: {
  collection: string;
  streamPrefix: string;
  decider: { initialState: () => S; evolve: (state: S, event: E) => S };
  parse: (type: string, data: unknown) => E;
  clusterIdOf: (state: S) => string | null;
  splitAt?: readonly SplitPath[];
  touches?: (event: RecordedEvent, state: S, before: S | undefined) => readonly SplitPath[] | undefined;
  revive?: (state: S) => S;
  termsOf?: (state: S) => readonly string[];
}): Projection<AggregateDoc<S>> {
  const { collection, streamPrefix, decider, parse } = options;
  return {
    collection,
    keyOf: (event) => (event.streamId.startsWith(streamPrefix) ? event.streamId.slice(streamPrefix.length) : undefined),
    apply: (doc, event) => ({
      state: decider.evolve(doc?.state ?? decider.initialState(), parseRecorded(parse, event)),
      revision: event.revision,
      position: event.position,
    }),
    clusterIdOf: (doc) => options.clusterIdOf(doc.state),
    splitAt: options.splitAt,
    touches: options.touches && ((event, doc, before) => options.touches!(event, doc.state, before?.state)),
    revive: options.revive && ((doc) => ({ ...doc, state: options.revive!(doc.state) })),
    termsOf: options.termsOf && ((doc) => options.termsOf!(doc.state)),
  };
}

/** Parses a recorded event in its type's current schema: older schema versions are upcast on read. */
export function parseRecorded<E>(parse: (type: string, data: unknown) => E, event: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): E {
  return parse(event.type, upcast(event.type, event.metadata.schemaVersion, event.data));
}
