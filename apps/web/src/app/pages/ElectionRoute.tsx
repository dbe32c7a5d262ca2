import { ElectionPage } from '../../features/election';
import { useId } from '../../lib/route-params';

export default function ElectionRoute() {
  const electionId = useId('electionId');
  return <ElectionPage key={electionId} electionId={electionId} />;
}
