/** The 404 of a group: it names neither the cluster nor whether the group exists. */
export const groupNotFound = (groupId: string) => `Group '${groupId}' does not exist or you may not read it`;
