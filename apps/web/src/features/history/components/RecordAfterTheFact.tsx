import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { PersonName } from '../../../components';
import type { ClusterView } from '../../../lib/api-types';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { startRecording, stopRecording, useRecording } from '../../../lib/recording';
import { useClusterRecordedActs } from '../api/recorded-acts';

/**
 * Recording the past (coordinator and registrars): the day the acts happened and the document they
 * are entered from. While the recording is on, the page's usual forms and buttons for this cluster
 * record acts of that day (lib/recording); the server judges each on the cluster as it was then and
 * refuses, with its code, a day in the future, before the founding, or before the act it follows.
 */
export function RecordAfterTheFact({ cluster }: { cluster: ClusterView }) {
  const t = useT();
  const f = useFormat();
  const recording = useRecording(cluster.clusterId);
  const acts = useClusterRecordedActs(cluster.clusterId);
  const [form, setForm] = useState({ occurredOn: recording?.occurredOn ?? '', reference: recording?.reference ?? '' });
  const day = recording ? f.day(recording.occurredOn) : '';
  return (
    <Card withBorder component="section" aria-labelledby="history-title" data-testid="record-past">
      <Title order={2} size="h4" id="history-title" mb="xs">
        {t('history.title')}
      </Title>
      <Stack gap="xs">
        <Text size="sm">{t('history.intro')}</Text>
        {acts.data && <Text size="sm" data-testid="recorded-count">{t('history.count', { count: acts.data.length })}</Text>}
        {recording && (
          <Text fw={700} data-testid="recording-state" role="status">
            {recording.reference ? t('history.recordingPer', { date: day, reference: recording.reference }) : t('history.recording', { date: day })}
          </Text>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            startRecording({ clusterId: cluster.clusterId, ...form });
          }}
        >
          <Stack gap="xs">
            <TextInput
              type="date"
              label={t('history.date')}
              description={t('history.dateHelp', { timeZone: cluster.timeZone })}
              required
              min={cluster.foundedOn}
              value={form.occurredOn}
              onChange={(e) => setForm({ ...form, occurredOn: e.currentTarget.value })}
              data-testid="record-date"
            />
            <TextInput label={t('history.reference')} description={t('history.referenceHelp')} maxLength={300} value={form.reference} onChange={(e) => setForm({ ...form, reference: e.currentTarget.value })} data-testid="record-reference" />
            <Group gap="xs">
              <Button type="submit" data-testid="record-start">
                {t(recording ? 'history.apply' : 'history.start')}
              </Button>
              {recording && (
                <Button variant="outline" color="red.8" onClick={stopRecording} data-testid="record-stop">
                  {t('history.stop')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
        {cluster.registrars.length > 0 && (
          <Text size="sm">
            {t('history.registrars')}:{' '}
            {cluster.registrars.map((r, i) => (
              <span key={r.personId}>
                {i > 0 && ', '}
                <PersonName personId={r.personId} />
              </span>
            ))}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
