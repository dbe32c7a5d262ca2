import { Button, Card, Select, Stack, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../../components';
import type { MeetingBody } from '../../../lib/api-types';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { newId } from '../../../lib/ids';
import { useT } from '../../../lib/i18n/use-t';
import { meetingCommands, type CachedMeeting } from '../api/meeting';

type Kind = NonNullable<MeetingBody<'OpenVote'>['decisionKind']>;

/**
 * The coordinator opens a vote on an agenda item (an ordinary resolution; amendments, reports and
 * elections have subjects of their own, recorded with their acts): the charter in force fixes the rule.
 */
export function OpenVoteForm({ meeting }: { meeting: CachedMeeting }) {
  const t = useT();
  const [form, setForm] = useState<{ agendaItemId: string | null; motion: string; secrecy: 'named' | 'secret'; decisionKind: Kind }>({ agendaItemId: meeting.agenda[0]?.itemId ?? null, motion: '', secrecy: 'named', decisionKind: 'ordinary_resolution' });
  const open = useMutation({
    mutationFn: () =>
      meetingCommands.openVote(meeting.meetingId, { voteId: newId(form.motion), agendaItemId: form.agendaItemId!, motion: form.motion, secrecy: form.secrecy, decisionKind: form.decisionKind }),
    onSuccess: () => setForm((f) => ({ ...f, motion: '' })),
  });
  return (
    <Card withBorder bg="gray.0" component="section" aria-labelledby="open-vote-title">
      <Title order={3} size="h5" id="open-vote-title" mb="xs">
        {t('vote.open.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (form.agendaItemId && form.motion.trim()) open.mutate();
        }}
      >
        <Stack gap="xs">
          <Select label={t('vote.open.item')} data={meeting.agenda.map((i) => ({ value: i.itemId, label: i.title }))} value={form.agendaItemId} onChange={(v) => setForm((f) => ({ ...f, agendaItemId: v }))} allowDeselect={false} />
          <Textarea label={t('vote.open.motion')} required value={form.motion} onChange={(e) => setForm({ ...form, motion: e.currentTarget.value })} autosize minRows={2} />
          <Select
            label={t('vote.open.secrecy')}
            data={(['named', 'secret'] as const).map((s) => ({ value: s, label: t(`vote.secrecy.${s}` as MessageId) }))}
            value={form.secrecy}
            onChange={(v) => v && setForm({ ...form, secrecy: v as 'named' | 'secret' })}
            allowDeselect={false}
          />
          <Button type="submit" loading={open.isPending} disabled={!form.agendaItemId} data-testid="open-vote">
            {t('vote.open.submit')}
          </Button>
          {open.error && <ErrorAlert error={open.error} />}
        </Stack>
      </form>
    </Card>
  );
}
