import { Stack } from '@mantine/core';
import { ElectionList } from '../../features/election';
import { MeetingsPage } from '../../features/meeting';
import { useId } from '../../lib/route-params';

/** The meetings, and the leader elections held at general meetings. */
export default function MeetingsRoute() {
  const clusterId = useId('clusterId');
  return (
    <Stack>
      <MeetingsPage clusterId={clusterId} />
      <ElectionList clusterId={clusterId} />
    </Stack>
  );
}
