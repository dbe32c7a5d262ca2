export { InvitationPage } from './components/InvitationPage';
export { InvitationsPanel } from './components/InvitationsPanel';
