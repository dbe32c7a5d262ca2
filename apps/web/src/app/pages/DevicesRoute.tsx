import { DevicesPage } from '../../features/auth';

export default function DevicesRoute() {
  return <DevicesPage />;
}
