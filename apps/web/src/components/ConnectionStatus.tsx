import { Alert, Badge } from '@mantine/core';
import { useLiveStatus } from '../lib/live/live-context';
import { useT } from '../lib/i18n/use-t';
import { tone } from '../lib/colors';

/** The live connection's state in the header; a lost connection is said plainly. */
export function ConnectionBadge() {
  const status = useLiveStatus();
  const t = useT();
  const color = status === 'online' ? tone.ok : status === 'offline' ? tone.bad : tone.muted;
  return (
    <Badge color={color} variant="filled" style={{ flexShrink: 0 }} data-testid="live-status" data-status={status} aria-live="polite">
      {t(`live.${status}`)}
    </Badge>
  );
}

export function ConnectionLostBanner() {
  const status = useLiveStatus();
  const t = useT();
  if (status !== 'offline') return null;
  return (
    <Alert color="orange" variant="filled" role="status" title={t('live.offline')} data-testid="connection-lost" mb="md">
      {t('live.offlineHint')}
    </Alert>
  );
}
