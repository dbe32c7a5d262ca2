import { GroupsPage } from '../../features/group';
import { useId } from '../../lib/route-params';

export default function GroupsRoute() {
  return <GroupsPage clusterId={useId('clusterId')} />;
}
