import { GroupPage } from '../../features/group';
import { ConveneMeetingForm } from '../../features/meeting';
import { useId } from '../../lib/route-params';

/** A group's page, with the meeting feature's form to convene the group's meeting. */
export default function GroupRoute() {
  const groupId = useId('groupId');
  return <GroupPage key={groupId} groupId={groupId} convene={(clusterId, id) => <ConveneMeetingForm clusterId={clusterId} groupId={id} />} />;
}
