import type { QueryClient } from '@tanstack/react-query';
import type { ClusterView, FragmentOf, ResolutionEntry } from '../../../lib/api-types';
import { isNewer, patchOrRefetch } from '../../../lib/query';
import { clusterKey, clustersKey } from './cluster';

const DERIVED = new Set(['agreement', 'amendments', 'annual-cycles', 'compliance']);

/** A cluster fragment is the whole cluster view: it replaces the cached one when newer. */
export function patchCluster(client: QueryClient, fragment: FragmentOf<'cluster'>): void {
  const { view: _view, ...cluster } = fragment;
  const key = clusterKey(cluster.clusterId);
  patchOrRefetch<ClusterView>(client, key, (cached) => (isNewer(cluster.revision, cached.revision) ? cluster : cached));
  // Reads derived from the cluster stream (agreement, versions, amendments, cycles, compliance): reload.
  void client.invalidateQueries({ queryKey: key, predicate: (q) => q.queryKey.length > 2 && (typeof q.queryKey[2] === 'object' || DERIVED.has(q.queryKey[2] as string)) });
  void client.invalidateQueries({ queryKey: clustersKey, exact: true });
}

/** The register's new number joins the cached register. */
export function patchResolution(client: QueryClient, fragment: FragmentOf<'resolution'>): void {
  const entry = fragment.resolution;
  if (!entry) return;
  patchOrRefetch<ResolutionEntry[]>(client, [...clusterKey(fragment.clusterId), 'resolutions'], (cached) =>
    cached.some((r) => r.body === entry.body && r.number === entry.number) ? cached : [...cached, entry],
  );
}
