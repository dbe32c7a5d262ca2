import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { Link } from 'wouter';
import { seg } from '../../../lib/api-client';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { stopRecording, useRecording } from '../../../lib/recording';

/** On every screen while the past is being recorded: which day and document the acts will carry, and a way to stop. */
export function RecordingBanner() {
  const t = useT();
  const f = useFormat();
  const recording = useRecording();
  if (!recording) return null;
  const date = f.day(recording.occurredOn);
  return (
    <Alert color="yellow" variant="light" mb="md" data-testid="recording-banner" title={<Anchor component={Link} to={`/clusters/${seg(recording.clusterId)}`}>{t('history.bannerCluster', { cluster: recording.clusterId })}</Anchor>}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {recording.reference ? t('history.recordingPer', { date, reference: recording.reference }) : t('history.recording', { date })}
        </Text>
        <Button size="xs" variant="outline" color="dark" onClick={stopRecording}>
          {t('history.stop')}
        </Button>
      </Group>
    </Alert>
  );
}
