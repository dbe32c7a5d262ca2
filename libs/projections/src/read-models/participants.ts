import { Map as ImmutableMap } from 'immutable';
import type { RecordedEvent } from '@klaster/event-store';
import type { Projection } from './projection';

/** The streams of a cluster: its own, its resolution register, its meetings, groups and elections. */
const CLUSTER_STREAMS = ['cluster-', 'resolutions-', 'meeting-', 'group-', 'election-'] as const;
/** Streams named after their cluster (the others name it in their first event's data). */
const NAMED_AFTER_CLUSTER = ['cluster-', 'resolutions-'] as const;

/** Who has acted on one stream of a cluster: every `metadata.actor` of its events. */
export interface StreamParticipants {
  clusterId: string | null;
  /**
   * Person ids (each once, `true`), in a persistent map: a new person costs O(log n) in the fold and
   * one row in the store (`splitAt`), not a copy and a rewrite of everyone who acted before — the long
   * stream of a ten-year-old cluster has thousands.
   */
  people: ImmutableMap<string, true>;
}

/**
 * The people who have acted in a cluster themselves — signed, attended, voted, convened, proposed —
 * as opposed to those merely named by someone else (a founding member's representative, an appointed
 * auditor) who never acted there. A person's name and contacts are shown to a cluster only once they
 * appear here: naming someone grants nothing. One document per stream (an event alone does not name
 * the cluster of a meeting, a group or an election: their first event does), listed by cluster; each
 * person one row of it, written once, when they first act.
 */
export const participantsReadModel: Projection<StreamParticipants> = {
  collection: 'participants',
  keyOf: (event) => (CLUSTER_STREAMS.some((prefix) => event.streamId.startsWith(prefix)) ? event.streamId : undefined),
  apply: (doc, event) => {
    const actor = event.metadata.actor;
    const known = typeof actor !== 'string' || !actor || doc?.people.has(actor);
    // Nothing new: the very document, which the runner then does not write again.
    if (doc && known) return doc;
    const clusterId = doc?.clusterId ?? clusterOfStream(event);
    const people = doc?.people ?? ImmutableMap<string, true>();
    return { clusterId, people: known ? people : people.set(actor as string, true) };
  },
  clusterIdOf: (doc) => doc.clusterId,
  splitAt: [['people']],
  touches: (event, doc, before) => (doc === before ? [] : before && doc.people.size > before.people.size ? [['people', event.metadata.actor as string]] : undefined),
  revive: (doc) => ({ ...doc, people: ImmutableMap(doc.people as unknown as Record<string, true>) }),
};

function clusterOfStream(event: RecordedEvent): string | null {
  const named = NAMED_AFTER_CLUSTER.find((prefix) => event.streamId.startsWith(prefix));
  if (named) return event.streamId.slice(named.length);
  const clusterId = (event.data as { clusterId?: unknown } | null)?.clusterId;
  return typeof clusterId === 'string' ? clusterId : null;
}
