import { Button, Card, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../../../components';
import type { ClusterView } from '../../../lib/api-types';
import { useT } from '../../../lib/i18n/use-t';
import { changeTimeZone } from '../api/recorded-acts';

/** The IANA zones the browser knows (the server checks the name again). */
const zones = (): string[] => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Europe/Warsaw', 'UTC']);

/** The coordinator sets the cluster's time zone: the day of each act, resolution years and deadlines are judged there. */
export function TimeZoneForm({ cluster }: { cluster: ClusterView }) {
  const t = useT();
  const data = useMemo(() => {
    const all = zones();
    return all.includes(cluster.timeZone) ? all : [cluster.timeZone, ...all];
  }, [cluster.timeZone]);
  const [zone, setZone] = useState<string | null>(cluster.timeZone);
  const change = useMutation({ mutationFn: () => changeTimeZone(cluster.clusterId, zone!) });
  return (
    <Card withBorder component="section" aria-labelledby="time-zone-title">
      <Title order={2} size="h4" id="time-zone-title" mb="xs">
        {t('timeZone.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (zone) change.mutate();
        }}
      >
        <Stack gap="xs">
          <Text size="sm">{t('timeZone.help')}</Text>
          <Select label={t('timeZone.label')} searchable data={data} value={zone} onChange={setZone} allowDeselect={false} limit={50} data-testid="time-zone" />
          <Button type="submit" disabled={!zone || zone === cluster.timeZone} loading={change.isPending}>
            {t('timeZone.submit')}
          </Button>
          {change.error && <ErrorAlert error={change.error} />}
        </Stack>
      </form>
    </Card>
  );
}
