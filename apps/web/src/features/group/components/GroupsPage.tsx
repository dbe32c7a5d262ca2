import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import { PageTitle, PersonName, QueryState } from '../../../components';
import { seg } from '../../../lib/api-client';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { room, useRoom } from '../../../lib/live/live-context';
import { useSession } from '../../../lib/session';
import { useGroups } from '../api/group';
import { tone } from '../../../lib/colors';

/** The cluster's working groups, the ones I lead first; size, deadline and overdue tasks at a glance. */
export function GroupsPage({ clusterId }: { clusterId: string }) {
  const t = useT();
  const f = useFormat();
  const session = useSession();
  const groups = useGroups(clusterId);
  useRoom(room('cluster', clusterId));
  return (
    <Stack>
      <PageTitle>{t('groups.title')}</PageTitle>
      <QueryState query={groups}>
        {(list) => (
          <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="groups">
            {[...list]
              .sort((a, b) => Number(b.leaderPersonId === session?.personId) - Number(a.leaderPersonId === session?.personId))
              .map((g) => (
                <Card withBorder key={g.groupId} component="article" aria-labelledby={`group-${g.groupId}`}>
                  <Group justify="space-between" align="flex-start">
                    <Anchor component={Link} to={`/groups/${seg(g.groupId)}`} fw={700} id={`group-${g.groupId}`}>
                      {g.name}
                    </Anchor>
                    <Group gap={4}>
                      {g.leaderPersonId === session?.personId && <Badge color={tone.info}>{t('role.groupLeader')}</Badge>}
                      <Badge color={g.status === 'active' ? tone.positive : tone.muted}>{t(`group.status.${g.status}` as MessageId)}</Badge>
                    </Group>
                  </Group>
                  <Text size="sm">{t('group.size', { count: g.memberCount, minimum: g.minimumGroupSize })}</Text>
                  <Text size="sm">{t('group.deadline', { date: f.day(g.deadline) })}</Text>
                  <Text size="sm">
                    {t('group.leader')}: {g.leaderPersonId ? <PersonName personId={g.leaderPersonId} /> : t('common.none')}
                  </Text>
                  <Group gap={4} mt={4}>
                    <Text size="sm">{t('group.openTasks', { count: g.openTasks })}</Text>
                    {g.overdueTasks > 0 && <Badge color={tone.bad}>{t('group.overdueTasks', { count: g.overdueTasks })}</Badge>}
                  </Group>
                </Card>
              ))}
          </SimpleGrid>
        )}
      </QueryState>
    </Stack>
  );
}
