import { Stack } from '@mantine/core';
import { ClusterOverview } from '../../features/cluster';
import { RecordAfterTheFact } from '../../features/history';
import { useCluster } from '../../lib/cluster';
import { rolesIn } from '../../lib/roles';
import { useSession } from '../../lib/session';
import { useId } from '../../lib/route-params';

export default function ClusterPage() {
  const clusterId = useId('clusterId');
  const session = useSession();
  const { isCoordinator } = rolesIn(useCluster(clusterId).data, session?.personId);
  return (
    <Stack>
      <ClusterOverview clusterId={clusterId} />
      {isCoordinator && <RecordAfterTheFact />}
    </Stack>
  );
}
