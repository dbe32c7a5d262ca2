import { Badge, Card, Code, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useClusterTimeZone } from '../../../lib/i18n/i18n-provider';
import { CommandButton, PageTitle, QueryState } from '../../../components';
import type { ClusterView, CurrentAgreement } from '../../../lib/api-types';
import { useCluster } from '../../../lib/cluster';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { room, useRoom } from '../../../lib/live/live-context';
import { useRoles } from '../../../lib/roles';
import { useSession } from '../../../lib/session';
import { signAgreement, useAgreement } from '../api/agreement';
import { AmendmentList } from './AmendmentList';
import { tone } from '../../../lib/colors';

/** The agreement's current text, its hash, and my members' signatures of it (sign it if not yet). */
export function AgreementPage({ clusterId }: { clusterId: string }) {
  const agreement = useAgreement(clusterId);
  const cluster = useCluster(clusterId);
  useRoom(room('cluster', clusterId));
  return (
    <QueryState query={agreement}>
      {(a) => <QueryState query={cluster}>{(c) => <Agreement agreement={a} cluster={c} />}</QueryState>}
    </QueryState>
  );
}

function Agreement({ agreement, cluster }: { agreement: CurrentAgreement; cluster: ClusterView }) {
  const t = useT();
  const f = useFormat();
  const session = useSession();
  const { myMembers, recording } = useRoles(cluster, session?.personId);
  useClusterTimeZone(cluster.timeZone);
  const signedNow = cluster.signatures.filter((s) => s.version === agreement.version);
  // Recording the past: the coordinator or a registrar enters each member's signature from the signed paper.
  const signers = recording ? cluster.members.filter((m) => m.status === 'active') : myMembers;
  return (
    <Stack>
      <PageTitle>{agreement.title}</PageTitle>
      <Group gap="xs">
        <Badge color={tone.info}>{t('agreement.version', { version: agreement.version })}</Badge>
        {agreement.inForceSince && <Text size="sm">{t('agreement.inForceSince', { date: f.day(agreement.inForceSince) })}</Text>}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder component="article" aria-label={agreement.title}>
            <Stack>
              {agreement.sections.map((s) => (
                <section key={s.number} aria-labelledby={`section-${s.number}`}>
                  <Title order={2} size="h5" id={`section-${s.number}`}>
                    {s.number} {s.title}
                  </Title>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {s.text}
                  </Text>
                </section>
              ))}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Card withBorder component="section" aria-labelledby="my-signature">
              <Title order={2} size="h4" id="my-signature" mb="xs">
                {t(recording ? 'agreement.recordSignatures' : 'agreement.mySignature')}
              </Title>
              {signers.length === 0 && <Text size="sm">{t('agreement.notSignatory')}</Text>}
              {signers.map((m) => {
                const signature = signedNow.find((s) => s.memberId === m.memberId);
                return (
                  <Stack key={m.memberId} gap={4} data-testid="my-signature" data-signed={!!signature}>
                    <Text size="sm" fw={600}>
                      {m.organisation.name}
                    </Text>
                    {signature ? (
                      <Text size="sm">{t('agreement.signedOn', { date: f.dateTime(signature.signedAt), role: signature.role })}</Text>
                    ) : (
                      <CommandButton run={() => signAgreement(cluster.clusterId, m.memberId, { textHash: agreement.textHash })}>{t('agreement.sign', { version: agreement.version })}</CommandButton>
                    )}
                  </Stack>
                );
              })}
            </Card>
            <Card withBorder component="section" aria-labelledby="signatures-title">
              <Title order={2} size="h4" id="signatures-title" mb="xs">
                {t('agreement.signatures', { count: signedNow.length, members: cluster.members.filter((m) => m.status === 'active').length })}
              </Title>
              <Text size="sm">{t('agreement.hash')}</Text>
              <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
                {agreement.textHash}
              </Code>
            </Card>
            <AmendmentList clusterId={cluster.clusterId} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
