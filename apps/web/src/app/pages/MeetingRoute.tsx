import { MeetingPage } from '../../features/meeting';
import { useId } from '../../lib/route-params';

export default function MeetingRoute() {
  const meetingId = useId('meetingId');
  return <MeetingPage key={meetingId} meetingId={meetingId} />;
}
