import { MeetingsPage } from '../../features/meeting';
import { useId } from '../../lib/route-params';

export default function MeetingsRoute() {
  return <MeetingsPage clusterId={useId('clusterId')} />;
}
