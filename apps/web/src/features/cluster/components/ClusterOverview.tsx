import { Badge, Card, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { MembersBySector, PageTitle, PersonName, QueryState } from '../../../components';
import { useClusterTimeZone } from '../../../lib/i18n/i18n-provider';
import { useRecording } from '../../../lib/recording';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { room, useRoom } from '../../../lib/live/live-context';
import { rolesIn } from '../../../lib/roles';
import { useSession } from '../../../lib/session';
import { useCluster } from '../api/cluster';
import { AdmitMemberForm } from './AdmitMemberForm';
import { ComplianceWarnings } from './ComplianceWarnings';
import { AnnualCycles } from './AnnualCycles';
import { tone } from '../../../lib/colors';

/** The cluster at a glance: leader, bodies, charter and agreement versions, members by sector, warnings. */
export function ClusterOverview({ clusterId }: { clusterId: string }) {
  const t = useT();
  const f = useFormat();
  const session = useSession();
  const cluster = useCluster(clusterId);
  useRoom(room('cluster', clusterId));
  useClusterTimeZone(cluster.data?.timeZone);
  const recording = useRecording(clusterId);
  return (
    <QueryState query={cluster}>
      {(c) => {
        const roles = rolesIn(c, session?.personId);
        // A registrar admits members only as acts of the past it is recording.
        const admits = roles.isCoordinator || (roles.isRegistrar && !!recording);
        const coordinator = c.members.find((m) => m.memberId === c.coordinator.memberId);
        const active = c.members.filter((m) => m.status === 'active');
        return (
          <Stack>
            <div>
              <PageTitle>{c.name}</PageTitle>
              <Group gap="xs">
                {roles.isCoordinator && <Badge color={tone.info}>{t('role.coordinator')}</Badge>}
                {roles.isMember && <Badge color={tone.positive} h="auto" py={2} tt="none" styles={{ label: { whiteSpace: 'normal', overflow: 'visible' } }}>{t('role.member', { organisation: roles.myMembers.map((m) => m.organisation.name).join(', ') })}</Badge>}
                {roles.isAuditor && <Badge color={tone.accent}>{t('role.auditor')}</Badge>}
                {roles.isRegistrar && <Badge color={tone.accent}>{t('role.registrar')}</Badge>}
              </Group>
            </div>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              <Card withBorder>
                <Text size="sm" fw={700}>
                  {t('cluster.leader')}
                </Text>
                {c.coordinator.status === 'vacant' ? (
                  <>
                    <Text data-testid="leader" fw={700} c={tone.bad}>
                      {t('cluster.leaderVacant')}
                    </Text>
                    <Text size="sm" data-testid="leader-vacant-since">
                      {t('cluster.leaderVacantSince', {
                        date: c.coordinator.vacantSince ? f.day(c.coordinator.vacantSince) : '—',
                        organisation: c.members.find((m) => m.memberId === c.coordinator.previousMemberId)?.organisation.name ?? '—',
                      })}
                    </Text>
                  </>
                ) : (
                  <>
                    <Text data-testid="leader">{c.coordinator.organisation}</Text>
                    {coordinator && (
                      <Text size="sm">
                        <PersonName personId={coordinator.representative.personId} />
                      </Text>
                    )}
                  </>
                )}
              </Card>
              <Card withBorder>
                <Text size="sm" fw={700}>
                  {t('cluster.members')}
                </Text>
                <Text data-testid="member-count">{t('cluster.memberCount', { count: active.length })}</Text>
                <Text size="sm">{t('cluster.founded', { date: f.day(c.foundedOn) })}</Text>
              </Card>
              <Card withBorder>
                <Text size="sm" fw={700}>
                  {t('cluster.charter')}
                </Text>
                <Text data-testid="charter-version">{t('cluster.charterVersion', { version: c.charter.version })}</Text>
                <Text size="sm">{t('cluster.agreementVersion', { version: c.agreement.version, date: c.agreement.inForceSince ? f.day(c.agreement.inForceSince) : '—' })}</Text>
              </Card>
              <Card withBorder>
                <Text size="sm" fw={700}>
                  {t('cluster.signatures')}
                </Text>
                <Text>{t('cluster.signatureCount', { count: c.signatures.length })}</Text>
              </Card>
            </SimpleGrid>
            <Card withBorder component="section" aria-labelledby="compliance-title">
              <Title order={2} size="h4" id="compliance-title" mb="xs">
                {t('compliance.heading')}
              </Title>
              <ComplianceWarnings clusterId={clusterId} />
            </Card>
            <Grid>
              <Grid.Col span={{ base: 12, md: 8 }}>
                <Card withBorder component="section" aria-labelledby="members-title">
                  <Title order={2} size="h4" id="members-title" mb="sm">
                    {t('cluster.membersBySector')}
                  </Title>
                  <MembersBySector cluster={c} />
                </Card>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <Stack>
                  <Card withBorder component="section" aria-labelledby="bodies-title">
                    <Title order={2} size="h4" id="bodies-title" mb="xs">
                      {t('cluster.bodies')}
                    </Title>
                    <Stack gap={4}>
                      <Text size="sm">{c.charter.bodies.council}</Text>
                      <Text size="sm">{c.charter.bodies.generalMeeting}</Text>
                      <Text size="sm">{c.charter.bodies.coordinator}</Text>
                      <Text size="sm">{c.charter.bodies.workingGroup}</Text>
                    </Stack>
                  </Card>
                  <Card withBorder component="section" aria-labelledby="auditors-title">
                    <Title order={2} size="h4" id="auditors-title" mb="xs">
                      {t('cluster.auditors')}
                    </Title>
                    {c.auditors.length === 0 ? (
                      <Text size="sm">{t('common.none')}</Text>
                    ) : (
                      c.auditors.map((a) => (
                        <Text size="sm" key={a.personId}>
                          <PersonName personId={a.personId} />
                        </Text>
                      ))
                    )}
                  </Card>
                  <AnnualCycles clusterId={clusterId} />
                  {admits && <AdmitMemberForm clusterId={clusterId} timeZone={c.timeZone} />}
                </Stack>
              </Grid.Col>
            </Grid>
          </Stack>
        );
      }}
    </QueryState>
  );
}
