import { Button, Card, Select, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../../components';
import type { ClusterView } from '../../../lib/api-types';
import { useT } from '../../../lib/i18n/use-t';
import { meetingCommands, type CachedMeeting } from '../api/meeting';

/** A present voting member holds another's written proxy (when the charter allows proxies). */
export function ProxyForm({ meeting, cluster, holders }: { meeting: CachedMeeting; cluster: ClusterView; holders: ClusterView['members'] }) {
  const t = useT();
  const voters = cluster.members.filter((m) => m.status === 'active' && m.kind === 'ordinary');
  const [form, setForm] = useState<{ grantor: string | null; holder: string | null; documentRef: string }>({ grantor: null, holder: holders[0]?.memberId ?? null, documentRef: '' });
  const register = useMutation({
    mutationFn: () => meetingCommands.registerProxy(meeting.meetingId, { grantorMemberId: form.grantor!, holderMemberId: form.holder!, documentRef: form.documentRef }),
    onSuccess: () => setForm((f) => ({ ...f, grantor: null, documentRef: '' })),
  });
  const name = (m: ClusterView['members'][number]) => ({ value: m.memberId, label: m.organisation.name });
  return (
    <Card withBorder component="section" aria-labelledby="proxy-title">
      <Title order={2} size="h4" id="proxy-title" mb="xs">
        {t('proxy.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (form.grantor && form.holder) register.mutate();
        }}
      >
        <Stack gap="xs">
          <Select label={t('proxy.grantor')} searchable data={voters.filter((m) => m.memberId !== form.holder).map(name)} value={form.grantor} onChange={(v) => setForm({ ...form, grantor: v })} />
          <Select label={t('proxy.holder')} data={holders.map(name)} value={form.holder} onChange={(v) => setForm({ ...form, holder: v })} allowDeselect={false} />
          <TextInput label={t('proxy.document')} required value={form.documentRef} onChange={(e) => setForm({ ...form, documentRef: e.currentTarget.value })} />
          <Button type="submit" loading={register.isPending} disabled={!form.grantor || !form.holder}>
            {t('proxy.submit')}
          </Button>
          {register.error && <ErrorAlert error={register.error} />}
        </Stack>
      </form>
    </Card>
  );
}
