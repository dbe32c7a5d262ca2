import { Button, Card, NumberInput, Select, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useRecording } from '../../../lib/recording';
import { useT } from '../../../lib/i18n/use-t';
import type { ClusterBody, Sector } from '../../../lib/api-types';
import { newId, todayIn } from '../../../lib/ids';
import { admitMember } from '../api/cluster';

const sectors: Sector[] = ['local_government', 'business', 'social_economy', 'research_university', 'business_support', 'other'];

/** The coordinator admits a member: its organisation, sector, kind and representative. */
export function AdmitMemberForm({ clusterId, timeZone }: { clusterId: string; timeZone: string }) {
  const t = useT();
  // While recording the past, the admission is of the recorded day (the form still lets it be changed).
  const recording = useRecording(clusterId);
  const empty = { name: '', sector: 'social_economy' as Sector, kind: 'ordinary' as 'ordinary' | 'honorary', weight: 1, personId: '', role: '', admittedOn: recording?.occurredOn ?? todayIn(timeZone) };
  const [form, setForm] = useState(empty);
  const recordedDay = recording?.occurredOn;
  useEffect(() => setForm((f) => ({ ...f, admittedOn: recordedDay ?? todayIn(timeZone) })), [recordedDay, timeZone]);
  const admit = useMutation({
    mutationFn: () => {
      const body: ClusterBody<'AdmitMember'> = {
        memberId: newId(form.name),
        organisation: { name: form.name, sector: form.sector },
        kind: form.kind,
        votingWeight: form.weight,
        representative: { personId: form.personId, role: form.role },
        admittedOn: form.admittedOn,
      };
      return admitMember(clusterId, body);
    },
    onSuccess: () => setForm(empty),
  });
  const set = <K extends keyof typeof form>(k: K) => (v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Card withBorder component="section" aria-labelledby="admit-title">
      <Title order={2} size="h4" id="admit-title" mb="xs">
        {t('admit.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          admit.mutate();
        }}
      >
        <Stack gap="xs">
          <TextInput label={t('admit.name')} required value={form.name} onChange={(e) => set('name')(e.currentTarget.value)} />
          <Select label={t('admit.sector')} data={sectors.map((s) => ({ value: s, label: t(`sector.${s}` as MessageId) }))} value={form.sector} onChange={(v) => v && set('sector')(v as Sector)} allowDeselect={false} />
          <Select
            label={t('admit.kind')}
            data={[
              { value: 'ordinary', label: t('admit.kind.ordinary') },
              { value: 'honorary', label: t('admit.kind.honorary') },
            ]}
            value={form.kind}
            onChange={(v) => v && set('kind')(v as 'ordinary' | 'honorary')}
            allowDeselect={false}
          />
          <NumberInput label={t('admit.weight')} min={0.01} step={1} value={form.weight} onChange={(v) => set('weight')(Number(v) || 1)} />
          <TextInput label={t('admit.personId')} description={t('admit.personIdHelp')} required value={form.personId} onChange={(e) => set('personId')(e.currentTarget.value)} />
          <TextInput label={t('admit.role')} required value={form.role} onChange={(e) => set('role')(e.currentTarget.value)} />
          <TextInput type="date" label={t('admit.date')} required value={form.admittedOn} onChange={(e) => set('admittedOn')(e.currentTarget.value)} />
          <Button type="submit" loading={admit.isPending}>
            {t('admit.submit')}
          </Button>
          {admit.error && <ErrorAlert error={admit.error} />}
        </Stack>
      </form>
    </Card>
  );
}
