export { InboxPanel } from './components/InboxPanel';
export { inboxKey } from './api/inbox';
