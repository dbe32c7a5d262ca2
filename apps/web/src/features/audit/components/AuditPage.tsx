import { Alert, Button, Card, Grid, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { MembersBySector, PageTitle, QueryState } from '../../../components';
import { useCluster } from '../../../lib/cluster';
import { DEFAULT_TIME_ZONE, useClusterTimeZone } from '../../../lib/i18n/i18n-provider';
import { todayIn } from '../../../lib/ids';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { VersionDiff } from './VersionDiff';
import { room, useRoom } from '../../../lib/live/live-context';

/**
 * The auditor's desk: the cluster as it was on any day (`asOf`), the agreement's versions with a
 * word-level diff between any two, and the places where the audit issue's trail, verify status and
 * exports will appear.
 */
export function AuditPage({ clusterId }: { clusterId: string }) {
  const t = useT();
  const f = useFormat();
  const today = todayIn(DEFAULT_TIME_ZONE);
  const [day, setDay] = useState(today);
  const asOf = day && day !== today ? day : undefined;
  const cluster = useCluster(clusterId, asOf);
  useClusterTimeZone(cluster.data?.timeZone);
  // Today's cluster (and any new version) updates itself; a past day does not change.
  useRoom(room('cluster', clusterId));
  return (
    <Stack>
      <PageTitle>{t('audit.title')}</PageTitle>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder component="section" aria-labelledby="as-of-title">
            <Title order={2} size="h4" id="as-of-title" mb="xs">
              {t('audit.asOf.title')}
            </Title>
            <Group align="flex-end" gap="xs" mb="sm">
              <TextInput type="date" label={t('audit.asOf.label')} value={day} max={today} onChange={(e) => setDay(e.currentTarget.value)} data-testid="as-of" />
              <Button variant="default" onClick={() => setDay(today)} disabled={!asOf}>
                {t('audit.asOf.today')}
              </Button>
            </Group>
            <QueryState query={cluster}>
              {(c) => (
                <Stack gap="xs">
                  <Text fw={600} data-testid="as-of-summary" aria-live="polite">
                    {t('audit.asOf.summary', {
                      date: f.day(asOf ?? today),
                      count: c.members.filter((m) => m.status === 'active').length,
                      charter: c.charter.version,
                      agreement: c.agreement.version,
                    })}
                  </Text>
                  <MembersBySector cluster={c} idPrefix="as-of-sector" />
                </Stack>
              )}
            </QueryState>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <VersionDiff clusterId={clusterId} />
            {(['trail', 'verify', 'exports'] as const).map((what) => (
              <Card withBorder key={what} component="section" aria-labelledby={`pending-${what}`}>
                <Title order={2} size="h4" id={`pending-${what}`} mb="xs">
                  {t(`audit.${what}.title`)}
                </Title>
                <Alert variant="light" color="gray">
                  {t(`audit.${what}.pending`)}
                </Alert>
              </Card>
            ))}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
