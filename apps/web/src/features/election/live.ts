/** The election feature's cache patch for live messages (kept apart from its views, which load later). */
export { patchElection } from './api/live-patches';
