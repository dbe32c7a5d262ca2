import { Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { CommandButton, ErrorAlert } from '../../../components';
import type { ClusterView, MeetingBody } from '../../../lib/api-types';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { meetingCommands, type CachedMeeting } from '../api/meeting';
import type { meetingRoles } from '../hooks/use-meeting-roles';
import { tone } from '../../../lib/colors';

type Presence = MeetingBody<'RecordAttendance'>['presence'];
const presences: Presence[] = ['in_person', 'online', 'left'];

/** Who is present, whether the quorum of an ordinary resolution is met, and recording attendance. */
export function AttendanceSection({ meeting, cluster, roles, isCoordinator, personId }: { meeting: CachedMeeting; cluster: ClusterView; roles: ReturnType<typeof meetingRoles>; isCoordinator: boolean; personId?: string }) {
  const t = useT();
  const f = useFormat();
  const quorum = roles.quorum({ rule: cluster.charter.decisionRules.ordinary_resolution });
  const presence = new Map(meeting.attendance.map((a) => [a.memberId, a.presence]));
  const mine = cluster.members.filter((m) => m.status === 'active' && m.representative.personId === personId);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Presence>('in_person');
  const record = useMutation({ mutationFn: () => meetingCommands.attendance(meeting.meetingId, { memberId: memberId!, presence: chosen }) });
  const canRecord = meeting.status === 'open' || meeting.status === 'convened';
  return (
    <Card withBorder component="section" aria-labelledby="attendance-title">
      <Title order={2} size="h4" id="attendance-title" mb="xs">
        {t('attendance.title')}
      </Title>
      <Text size="sm" fw={600} data-testid="attendance-quorum" data-reached={quorum.reached} aria-live="polite">
        {t('attendance.present', { present: f.number(quorum.present), entitled: f.number(quorum.entitled), share: quorum.entitled ? quorum.present / quorum.entitled : 0 })} · {t(quorum.reached ? 'attendance.quorumMet' : 'attendance.quorumNotMet')}
      </Text>
      <Stack gap={2} mt="xs" data-testid="attendance">
        {meeting.attendance.map((a) => (
          <Group key={a.memberId} gap={6} justify="space-between" wrap="nowrap">
            <Text size="sm">{roles.organisation(a.memberId)}</Text>
            <Badge size="sm" color={a.presence === 'left' ? tone.muted : tone.positive} style={{ flexShrink: 0 }}>
              {t(`presence.${a.presence}` as MessageId)}
            </Badge>
          </Group>
        ))}
      </Stack>
      {canRecord &&
        mine
          .filter((m) => presence.get(m.memberId) === undefined || presence.get(m.memberId) === 'left')
          .map((m) => (
            <CommandButton key={m.memberId} mt="sm" variant="light" run={() => meetingCommands.attendance(meeting.meetingId, { memberId: m.memberId, presence: 'in_person' })}>
              {t('attendance.imHere', { organisation: m.organisation.name })}
            </CommandButton>
          ))}
      {isCoordinator && canRecord && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (memberId) record.mutate();
          }}
        >
          <Stack gap="xs" mt="md">
            <Select
              label={t('attendance.member')}
              searchable
              data={cluster.members.filter((m) => m.status === 'active').map((m) => ({ value: m.memberId, label: m.organisation.name }))}
              value={memberId}
              onChange={setMemberId}
            />
            <Select label={t('attendance.presence')} data={presences.map((p) => ({ value: p, label: t(`presence.${p}` as MessageId) }))} value={chosen} onChange={(v) => v && setChosen(v as Presence)} allowDeselect={false} />
            <Button type="submit" disabled={!memberId} loading={record.isPending}>
              {t('attendance.record')}
            </Button>
            {record.error && <ErrorAlert error={record.error} />}
          </Stack>
        </form>
      )}
    </Card>
  );
}
