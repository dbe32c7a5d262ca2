import type { Inbox } from '../../../lib/api-types';
import { useResource } from '../../../lib/query';

export const inboxKey = ['me', 'inbox'] as const;
export const useInbox = () => useResource<Inbox>(inboxKey);
