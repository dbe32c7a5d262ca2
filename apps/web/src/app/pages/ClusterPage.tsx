import { Stack } from '@mantine/core';
import { ClusterOverview } from '../../features/cluster';
import { RecordAfterTheFact, TimeZoneForm } from '../../features/history';
import { InvitationsPanel } from '../../features/invitations';
import { useCluster } from '../../lib/cluster';
import { rolesIn } from '../../lib/roles';
import { useSession } from '../../lib/session';
import { useId } from '../../lib/route-params';

export default function ClusterPage() {
  const clusterId = useId('clusterId');
  const session = useSession();
  const cluster = useCluster(clusterId).data;
  const { isCoordinator, mayRecordThePast } = rolesIn(cluster, session?.personId);
  return (
    <Stack>
      <ClusterOverview clusterId={clusterId} />
      {isCoordinator && cluster && <InvitationsPanel cluster={cluster} />}
      {mayRecordThePast && cluster && <RecordAfterTheFact cluster={cluster} />}
      {isCoordinator && cluster && <TimeZoneForm key={cluster.timeZone} cluster={cluster} />}
    </Stack>
  );
}
