export { MeetingPage } from './components/MeetingPage';
export { MeetingsPage } from './components/MeetingsPage';
export { ConveneMeetingForm } from './components/ConveneMeetingForm';

