/** The 404 of a meeting: it names neither the cluster nor whether the meeting exists. */
export const meetingNotFound = (meetingId: string) => `Meeting '${meetingId}' does not exist or you may not read it`;
