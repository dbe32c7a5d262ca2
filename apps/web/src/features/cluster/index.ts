export { ClusterOverview } from './components/ClusterOverview';
export { ClusterList } from './components/ClusterList';
export { useCluster, useClusters, useResolutions, clusterKey } from './api/cluster';

