import { AgreementPage } from '../../features/agreement';
import { useId } from '../../lib/route-params';

export default function AgreementRoute() {
  return <AgreementPage clusterId={useId('clusterId')} />;
}
