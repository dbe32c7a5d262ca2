/** The meeting feature's cache patches for live messages (kept apart from its views, which load later). */
export { patchMeeting, patchVote } from './api/live-patches';
