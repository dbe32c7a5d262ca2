import { Button, Card, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { ErrorAlert } from '../../../components';
import { seg } from '../../../lib/api-client';
import type { MeetingBody, MeetingKind } from '../../../lib/api-types';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { newId } from '../../../lib/ids';
import { useT } from '../../../lib/i18n/use-t';
import { meetingCommands } from '../api/meeting';

/**
 * Convene a meeting with its agenda (one item per line). The coordinator convenes the cluster's
 * bodies; a group's members convene a working-group meeting (groupId given).
 */
export function ConveneMeetingForm({ clusterId, groupId }: { clusterId: string; groupId?: string }) {
  const t = useT();
  const [, navigate] = useLocation();
  const kinds: MeetingKind[] = groupId ? ['working_group'] : ['council', 'general', 'extraordinary_general', 'forum'];
  const [form, setForm] = useState({ kind: kinds[0], title: '', when: '', place: '', agenda: '' });
  const convene = useMutation({
    mutationFn: () => {
      const body: MeetingBody<'ConveneMeeting'> = {
        meetingId: newId(form.title),
        kind: form.kind,
        ...(groupId ? { groupId } : {}),
        title: form.title,
        scheduledFor: new Date(form.when).toISOString(),
        venue: { mode: 'in_person', ...(form.place ? { place: form.place } : {}) },
        agenda: form.agenda
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((title) => ({ itemId: newId(title), title })),
      };
      // The answer names the meeting by its id inside the cluster (`wm-kes.rada-1`).
      return meetingCommands.convene(clusterId, body).then((answer) => answer.id);
    },
    onSuccess: (meetingId) => navigate(`/meetings/${seg(meetingId)}`),
  });
  return (
    <Card withBorder component="section" aria-labelledby="convene-title">
      <Title order={2} size="h4" id="convene-title" mb="xs">
        {t('convene.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          convene.mutate();
        }}
      >
        <Stack gap="xs">
          {kinds.length > 1 && (
            <Select label={t('convene.kind')} data={kinds.map((k) => ({ value: k, label: t(`meeting.kind.${k}` as MessageId) }))} value={form.kind} onChange={(v) => v && setForm({ ...form, kind: v as MeetingKind })} allowDeselect={false} />
          )}
          <TextInput label={t('convene.name')} required value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} />
          <TextInput type="datetime-local" label={t('convene.when')} required value={form.when} onChange={(e) => setForm({ ...form, when: e.currentTarget.value })} />
          <TextInput label={t('convene.place')} value={form.place} onChange={(e) => setForm({ ...form, place: e.currentTarget.value })} />
          <Textarea label={t('convene.agenda')} description={t('convene.agendaHelp')} value={form.agenda} onChange={(e) => setForm({ ...form, agenda: e.currentTarget.value })} autosize minRows={3} />
          <Button type="submit" loading={convene.isPending} data-testid="convene">
            {t('convene.submit')}
          </Button>
          {convene.error && <ErrorAlert error={convene.error} />}
        </Stack>
      </form>
    </Card>
  );
}
