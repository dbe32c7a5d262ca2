import { AuditPage } from '../../features/audit';
import { useId } from '../../lib/route-params';

export default function AuditRoute() {
  return <AuditPage clusterId={useId('clusterId')} />;
}
