/** The group feature's cache patches for live messages (kept apart from its views, which load later). */
export { patchGroup } from './api/live-patches';
