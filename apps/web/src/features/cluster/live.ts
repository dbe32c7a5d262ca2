/** The cluster feature's cache patches for live messages (kept apart from its views, which load later). */
export { patchCluster, patchResolution } from './api/live-patches';
