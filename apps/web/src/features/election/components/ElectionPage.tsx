import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useClusterTimeZone } from '../../../lib/i18n/i18n-provider';
import { Link } from 'wouter';
import { CommandButton, PageTitle, QueryState } from '../../../components';
import { seg } from '../../../lib/api-client';
import type { ClusterView, ElectionView } from '../../../lib/api-types';
import { useCluster } from '../../../lib/cluster';
import { tone } from '../../../lib/colors';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { room, useRoom } from '../../../lib/live/live-context';
import { rolesIn } from '../../../lib/roles';
import { useSession } from '../../../lib/session';
import { castElectionBallot, useElection } from '../api/election';

/** A leader election: candidates, each round's counts filling in live, my ballot, the result. */
export function ElectionPage({ electionId }: { electionId: string }) {
  const election = useElection(electionId);
  useRoom(room('election', electionId));
  return <QueryState query={election}>{(e) => <WithCluster election={e} />}</QueryState>;
}

function WithCluster({ election }: { election: ElectionView }) {
  const cluster = useCluster(election.clusterId);
  useClusterTimeZone(cluster.data?.timeZone);
  return <QueryState query={cluster}>{(c) => <Election election={election} cluster={c} />}</QueryState>;
}

function Election({ election, cluster }: { election: ElectionView; cluster: ClusterView }) {
  const t = useT();
  const f = useFormat();
  const session = useSession();
  const { myMembers } = rolesIn(cluster, session?.personId);
  const org = (memberId: string) => cluster.members.find((m) => m.memberId === memberId)?.organisation.name ?? memberId;
  const open = election.rounds.find((r) => r.status === 'open');
  return (
    <Stack>
      <div>
        <Anchor component={Link} to={`/meetings/${seg(election.meetingId)}`} size="sm">
          {t('election.meeting')}
        </Anchor>
        <PageTitle mt="xs">{t('election.title')}</PageTitle>
        <Group gap="xs">
          <Badge color={election.status === 'elected' ? tone.ok : tone.info} data-testid="election-status">
            {t(`election.status.${election.status}` as MessageId)}
          </Badge>
          <Text size="sm">
            {election.reason} · {f.dateTime(election.calledAt)} · {t(`majority.${election.rule.majority}` as MessageId)}
          </Text>
        </Group>
      </div>
      {election.result && (
        <Card bg={election.result.outcome === 'elected' ? 'green.0' : 'gray.1'} data-testid="election-result">
          <Text fw={700}>{election.result.outcome === 'elected' ? t('election.elected', { organisation: org(election.result.memberId) }) : t('election.inconclusive')}</Text>
          {election.result.outcome === 'elected' && (
            <Text size="sm" data-testid="election-resolution">
              {election.resolution ? t('election.resolution', { number: election.resolution.number }) : t('election.resolutionPending')}
            </Text>
          )}
        </Card>
      )}
      <Card withBorder component="section" aria-labelledby="candidates-title">
        <Title order={2} size="h4" id="candidates-title" mb="xs">
          {t('election.candidates')}
        </Title>
        {election.candidates.length === 0 ? (
          <Text size="sm">{t('common.none')}</Text>
        ) : (
          <Stack gap={2}>
            {election.candidates.map((c) => (
              <Text size="sm" key={c.memberId}>
                {c.order}. {org(c.memberId)} — {t(`election.candidate.${c.status}` as MessageId)}
              </Text>
            ))}
          </Stack>
        )}
      </Card>
      {election.rounds.map((r) => (
        <Card withBorder key={r.round} component="section" aria-labelledby={`round-${r.round}`}>
          <Title order={2} size="h4" id={`round-${r.round}`} mb="xs">
            {t('election.round', { round: r.round, kind: r.kind, status: r.status })}
          </Title>
          <Text size="sm" aria-live="polite">
            {t('vote.ballotsCast', { count: r.ballotsCast, entitled: r.result?.quorum.entitled ?? '—' })}
          </Text>
          {r.result && (
            <Table fz="sm" mt="xs">
              <Table.Tbody>
                {r.result.counts.map(({ memberId, votes }) => (
                  <Table.Tr key={memberId}>
                    <Table.Td>{org(memberId)}</Table.Td>
                    <Table.Td>{t('vote.votes', { count: votes })}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td>{t('choice.abstain')}</Table.Td>
                  <Table.Td>{t('vote.votes', { count: r.result.abstain })}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          )}
        </Card>
      ))}
      {open &&
        myMembers
          .filter((m) => m.kind === 'ordinary')
          .map((m) => {
            const mine = open.ballots.find((b) => b.memberId === m.memberId);
            return (
              <Card withBorder key={m.memberId} component="section" aria-label={t('ballot.for', { organisation: m.organisation.name })}>
                <Text size="sm" fw={600} mb="xs">
                  {t('ballot.for', { organisation: m.organisation.name })}
                  {mine && <> · {t('election.voted')}</>}
                </Text>
                {!mine && (
                  <Group gap="xs">
                    {open.candidates.map((candidate) => (
                      <CommandButton key={candidate} variant="outline" run={() => castElectionBallot(election.electionId, { memberId: m.memberId, candidateMemberId: candidate })}>
                        {org(candidate)}
                      </CommandButton>
                    ))}
                    <CommandButton variant="default" run={() => castElectionBallot(election.electionId, { memberId: m.memberId, candidateMemberId: null })}>
                      {t('choice.abstain')}
                    </CommandButton>
                  </Group>
                )}
              </Card>
            );
          })}
    </Stack>
  );
}
