/** What the first screen needs of the cluster feature: the list of my clusters (the rest loads later). */
export { ClusterList } from './components/ClusterList';
export { useClusters } from './api/cluster';
