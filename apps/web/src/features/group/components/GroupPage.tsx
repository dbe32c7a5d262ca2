import { Anchor, Badge, Button, Card, Grid, Group, List, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { CommandButton, ErrorAlert, PageTitle, PersonName, QueryState } from '../../../components';
import { seg } from '../../../lib/api-client';
import type { GroupTask, GroupView } from '../../../lib/api-types';
import { useCluster } from '../../../lib/cluster';
import { DEFAULT_TIME_ZONE, useClusterTimeZone } from '../../../lib/i18n/i18n-provider';
import { newId, todayIn } from '../../../lib/ids';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { room, useRoom } from '../../../lib/live/live-context';
import { useRoles } from '../../../lib/roles';
import { useSession } from '../../../lib/session';
import { groupCommands, useGroup } from '../api/group';
import { tone } from '../../../lib/colors';

/**
 * A working group: members, leader, tasks and deadlines (overdue stands out). Its leader and the
 * coordinator add and reassign tasks; a member of the group convenes its meeting (`convene`, given
 * by the app: the meeting feature's form).
 */
export function GroupPage({ groupId, convene }: { groupId: string; convene?: (clusterId: string, groupId: string) => ReactNode }) {
  const group = useGroup(groupId);
  useRoom(room('group', groupId));
  return <QueryState query={group}>{(g) => <GroupDetail group={g} convene={convene} />}</QueryState>;
}

function GroupDetail({ group, convene }: { group: GroupView; convene?: (clusterId: string, groupId: string) => ReactNode }) {
  const t = useT();
  const f = useFormat();
  const session = useSession();
  const cluster = useCluster(group.clusterId);
  const roles = useRoles(cluster.data, session?.personId);
  useClusterTimeZone(cluster.data?.timeZone);
  const leads = group.leader?.personId === session?.personId;
  const manages = leads || roles.isCoordinator;
  const inGroup = roles.myMembers.some((m) => group.members.some((gm) => gm.memberId === m.memberId));
  const orgOf = (memberId: string) => group.members.find((m) => m.memberId === memberId)?.organisation ?? memberId;
  const tasks = [...group.tasks].sort((a, b) => Number(!!a.completedAt) - Number(!!b.completedAt) || Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline));
  return (
    <Stack>
      <div>
        <Anchor component={Link} to={`/clusters/${seg(group.clusterId)}/groups`} size="sm">
          {t('group.back')}
        </Anchor>
        <PageTitle mt="xs">{group.name}</PageTitle>
        <Group gap="xs">
          <Badge color={group.status === 'active' ? tone.positive : tone.muted}>{t(`group.status.${group.status}` as MessageId)}</Badge>
          {leads && <Badge color={tone.info}>{t('role.groupLeader')}</Badge>}
          <Text size="sm">{t('group.deadline', { date: f.day(group.deadline) })}</Text>
        </Group>
        <Text mt="xs">{group.purpose}</Text>
      </div>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder component="section" aria-labelledby="tasks-title">
            <Title order={2} size="h4" id="tasks-title" mb="xs">
              {t('group.tasks')}
            </Title>
            {tasks.length === 0 ? (
              <Text size="sm">{t('group.noTasks')}</Text>
            ) : (
                <Table verticalSpacing="xs" data-testid="tasks" style={{ overflowWrap: 'anywhere' }}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('task.title')}</Table.Th>
                      <Table.Th>{t('task.responsible')}</Table.Th>
                      <Table.Th>{t('task.deadlineColumn')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {tasks.map((task) => (
                      <TaskRow key={task.taskId} group={group} task={task} manages={manages} orgOf={orgOf} />
                    ))}
                  </Table.Tbody>
                </Table>
            )}
            {manages && !group.dissolved && <AddTaskForm group={group} />}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Card withBorder component="section" aria-labelledby="group-members-title">
              <Title order={2} size="h4" id="group-members-title" mb="xs">
                {t('group.members', { count: group.memberCount, minimum: group.minimumGroupSize })}
              </Title>
              <List listStyleType="none" spacing={2} size="sm" data-testid="group-members">
                {group.members.map((m) => (
                  <List.Item key={m.memberId}>{m.organisation ?? m.memberId}</List.Item>
                ))}
              </List>
              <Text size="sm" mt="xs">
                {t('group.leader')}: {group.leader ? <PersonName personId={group.leader.personId} /> : t('common.none')}
              </Text>
            </Card>
            {inGroup && convene?.(group.clusterId, group.groupId)}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function TaskRow({ group, task, manages, orgOf }: { group: GroupView; task: GroupTask; manages: boolean; orgOf: (memberId: string) => string }) {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  return (
    <Table.Tr data-testid="task" data-task={task.taskId} data-overdue={task.overdue} bg={task.overdue ? 'red.0' : undefined}>
      <Table.Td>
        <Text fw={600} size="sm" td={task.completedAt ? 'line-through' : undefined}>
          {task.title}
        </Text>
        <Group gap={4} mt={2}>
          {task.overdue && (
            <Badge color={tone.bad} data-testid="overdue">
              {t('task.overdue')}
            </Badge>
          )}
          {task.completedAt && <Badge color={tone.positive}>{t('task.done', { date: f.dateTime(task.completedAt) })}</Badge>}
        </Group>
        {manages && !task.completedAt && !group.dissolved && (
          <Group gap="xs" mt={4}>
            <Button size="compact-sm" variant="subtle" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
              {t('task.reassign')}
            </Button>
            <CommandButton size="compact-sm" variant="subtle" run={() => groupCommands.complete(group.groupId, task.taskId)}>
              {t('task.complete')}
            </CommandButton>
          </Group>
        )}
        {editing && <ReassignForm group={group} task={task} onDone={() => setEditing(false)} />}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{orgOf(task.responsibleMemberId)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={task.overdue ? tone.bad : undefined} fw={task.overdue ? 700 : undefined}>
          {f.day(task.deadline)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function ReassignForm({ group, task, onDone }: { group: GroupView; task: GroupTask; onDone: () => void }) {
  const t = useT();
  // The group as the leader saw it when opening the form: a change meanwhile answers 412.
  const [seen] = useState(group.revision);
  const [memberId, setMemberId] = useState<string | null>(task.responsibleMemberId);
  const [deadline, setDeadline] = useState(task.deadline);
  const reassign = useMutation({ mutationFn: () => groupCommands.reassign(group.groupId, task.taskId, { responsibleMemberId: memberId!, deadline }, seen), onSuccess: onDone });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        reassign.mutate();
      }}
    >
      <Stack gap="xs" mt="xs">
        <Select label={t('task.responsible')} data={group.members.map((m) => ({ value: m.memberId, label: m.organisation ?? m.memberId }))} value={memberId} onChange={setMemberId} allowDeselect={false} />
        <TextInput type="date" label={t('task.deadlineColumn')} value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} required />
        <Button type="submit" size="sm" loading={reassign.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('common.save')}
        </Button>
        {reassign.error && <ErrorAlert error={reassign.error} />}
      </Stack>
    </form>
  );
}

function AddTaskForm({ group }: { group: GroupView }) {
  const t = useT();
  const empty: { title: string; memberId: string | null; deadline: string } = { title: '', memberId: group.members[0]?.memberId ?? null, deadline: todayIn(DEFAULT_TIME_ZONE) };
  const [form, setForm] = useState(empty);
  const add = useMutation({
    mutationFn: () => groupCommands.addTask(group.groupId, { taskId: newId(form.title), title: form.title, responsibleMemberId: form.memberId!, deadline: form.deadline }),
    onSuccess: () => setForm(empty),
  });
  return (
    <form
      aria-labelledby="add-task-title"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <Title order={3} size="h5" id="add-task-title" mt="md" mb="xs">
        {t('task.add')}
      </Title>
      <Stack gap="xs">
        <TextInput label={t('task.title')} required value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} />
        <Select label={t('task.responsible')} data={group.members.map((m) => ({ value: m.memberId, label: m.organisation ?? m.memberId }))} value={form.memberId} onChange={(v) => setForm({ ...form, memberId: v })} allowDeselect={false} />
        <TextInput type="date" label={t('task.deadlineColumn')} required value={form.deadline} onChange={(e) => setForm({ ...form, deadline: e.currentTarget.value })} />
        <Button type="submit" loading={add.isPending} disabled={!form.memberId} style={{ alignSelf: 'flex-start' }} data-testid="add-task">
          {t('task.addSubmit')}
        </Button>
        {add.error && <ErrorAlert error={add.error} />}
      </Stack>
    </form>
  );
}
