import { Button, Card, Grid, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { MembersBySector, PageTitle, QueryState } from '../../../components';
import { useCluster } from '../../../lib/cluster';
import { DEFAULT_TIME_ZONE, useClusterTimeZone } from '../../../lib/i18n/i18n-provider';
import { todayIn } from '../../../lib/ids';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { rolesIn } from '../../../lib/roles';
import { useSession } from '../../../lib/session';
import { VersionDiff } from './VersionDiff';
import { room, useRoom } from '../../../lib/live/live-context';
import { useTrailFilters } from '../hooks/use-trail-filters';
import { TrailSection } from './TrailSection';
import { IntegrityPanel } from './IntegrityPanel';
import { DownloadsPanel } from './DownloadsPanel';

/**
 * The auditor's desk: the audit trail (filters in the URL, live), the record's integrity (verify,
 * latest seal), exports and PDF documents; the cluster as it was on any day (`asOf`) and the
 * agreement's versions with a word-level diff between any two. The trail, integrity and exports are
 * for the cluster's auditors, coordinator and registrars: anyone else gets the server's refusal.
 */
export function AuditPage({ clusterId }: { clusterId: string }) {
  const t = useT();
  const session = useSession();
  const now = useCluster(clusterId);
  const timeZone = now.data?.timeZone ?? DEFAULT_TIME_ZONE;
  const today = todayIn(timeZone);
  useClusterTimeZone(now.data?.timeZone);
  // Every act of the cluster arrives in its room: today's cluster, any new version, the trail.
  useRoom(room('cluster', clusterId));
  const [filters, setFilters] = useTrailFilters();
  const roles = rolesIn(now.data, session?.personId);
  const mayAudit = roles.isAuditor || roles.isCoordinator || roles.isRegistrar;
  return (
    <Stack>
      <PageTitle>{t('audit.title')}</PageTitle>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <TrailSection clusterId={clusterId} filters={filters} onFilters={setFilters} />
        </Grid.Col>
        {mayAudit && (
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack>
              <IntegrityPanel clusterId={clusterId} />
              <DownloadsPanel clusterId={clusterId} filters={filters} today={today} />
            </Stack>
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 12, md: 7 }}>
          <AsOf clusterId={clusterId} today={today} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <VersionDiff clusterId={clusterId} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The cluster as it was on a day: its members by sector, charter and agreement versions. */
function AsOf({ clusterId, today }: { clusterId: string; today: string }) {
  const t = useT();
  const f = useFormat();
  const [day, setDay] = useState(today);
  const asOf = day && day !== today ? day : undefined;
  const cluster = useCluster(clusterId, asOf);
  return (
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
  );
}
