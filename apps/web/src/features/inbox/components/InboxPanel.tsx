import { Anchor, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { QueryState } from '../../../components';
import { seg } from '../../../lib/api-client';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useInbox } from '../api/inbox';
import { tone } from '../../../lib/colors';

/** "My inbox": the votes I may cast now and the tasks of the members I represent, overdue first. */
export function InboxPanel() {
  const t = useT();
  const f = useFormat();
  const inbox = useInbox();
  return (
    <QueryState query={inbox}>
      {({ votes, tasks }) => (
        <Stack>
          <Card withBorder component="section" aria-labelledby="inbox-votes">
            <Title order={2} size="h4" id="inbox-votes" mb="xs">
              {t('inbox.votes.title', { count: votes.length })}
            </Title>
            {votes.length === 0 ? (
              <Text size="sm">{t('inbox.votes.none')}</Text>
            ) : (
              <List spacing="xs" listStyleType="none" data-testid="inbox-votes">
                {votes.map((v) => (
                  <List.Item key={`${v.meetingId}/${v.voteId}/${v.memberId}`}>
                    <Anchor component={Link} to={`/meetings/${seg(v.meetingId)}`} fw={600}>
                      {v.motion}
                    </Anchor>
                    <Text size="sm">
                      {v.meetingTitle} · {v.as === 'proxy' ? t('inbox.votes.asProxy', { organisation: v.organisation ?? v.memberId }) : t('inbox.votes.asRepresentative', { organisation: v.organisation ?? v.memberId })}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
          </Card>
          <Card withBorder component="section" aria-labelledby="inbox-tasks">
            <Title order={2} size="h4" id="inbox-tasks" mb="xs">
              {t('inbox.tasks.title', { count: tasks.length })}
            </Title>
            {tasks.length === 0 ? (
              <Text size="sm">{t('inbox.tasks.none')}</Text>
            ) : (
              <List spacing="xs" listStyleType="none" data-testid="inbox-tasks">
                {[...tasks]
                  .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline))
                  .map((task) => (
                    <List.Item key={`${task.groupId}/${task.taskId}`}>
                      <Group gap="xs">
                        <Anchor component={Link} to={`/groups/${seg(task.groupId)}`} fw={600}>
                          {task.title}
                        </Anchor>
                        {task.overdue && (
                          <Badge color={tone.bad} variant="filled">
                            {t('task.overdue')}
                          </Badge>
                        )}
                      </Group>
                      <Text size="sm">
                        {task.groupName} · {t('task.deadline', { date: f.day(task.deadline) })}
                      </Text>
                    </List.Item>
                  ))}
              </List>
            )}
          </Card>
        </Stack>
      )}
    </QueryState>
  );
}
