import type { Decider } from '../shared/decider';
import type { GroupCommand } from './group.commands';
import type { GroupEvent } from './group.events';
import { decideGroup } from './group.decide';
import { evolveGroup, initialGroupState, type GroupState } from './group.state';

export const groupStreamId = (groupId: string) => `group-${groupId}`;

export const groupDecider: Decider<GroupState, GroupCommand, GroupEvent> = {
  initialState: initialGroupState,
  decide: decideGroup,
  evolve: evolveGroup,
};
