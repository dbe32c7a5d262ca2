import { Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { CommandButton, PersonName } from '../../../components';
import type { Choice, ClusterView } from '../../../lib/api-types';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { meetingCommands, type CachedMeeting, type CachedVote } from '../api/meeting';
import type { meetingRoles } from '../hooks/use-meeting-roles';
import { tally as count } from '@klaster/domain/meeting/voting-rules';
import { tone } from '../../../lib/colors';
import type { RecordedAct } from '../../../lib/api-types';
import { ActDates } from '../../history/components/ActDates';
import { closingOf } from '../../history/api/recorded-acts';

const choices: Choice[] = ['yes', 'no', 'abstain'];

/**
 * One vote: motion, rule, the tally filling in live (named votes; a secret one shows counts only),
 * ballot buttons for each member this person may vote for (a correction while it is open), and
 * the numbered resolution once it is closed.
 */
export function VoteCard({ meeting, vote, roles, isCoordinator, acts }: { meeting: CachedMeeting; vote: CachedVote; cluster: ClusterView; roles: ReturnType<typeof meetingRoles>; isCoordinator: boolean; acts?: RecordedAct[] }) {
  const t = useT();
  const f = useFormat();
  const quorum = roles.quorum(vote);
  const tally = vote.result?.tally ?? vote.tally ?? (vote.ballots ? sum(vote.ballots) : null);
  const total = tally ? tally.yes + tally.no + tally.abstain : 0;
  const open = vote.status === 'open' && meeting.status === 'open';
  const fromMinutes = vote.result?.fromMinutes;
  const closing = closingOf(acts, meeting.meetingId, vote.voteId);
  return (
    <Card withBorder component="article" aria-labelledby={`vote-${vote.voteId}`} data-testid="vote" data-vote={vote.voteId} data-status={vote.status}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Title order={3} size="h5" id={`vote-${vote.voteId}`}>
            {vote.motion}
          </Title>
          <Group gap={4}>
            <Badge color={vote.status === 'open' ? tone.ok : tone.muted}>{t(`vote.status.${vote.status}` as MessageId)}</Badge>
            <Badge variant="outline" color="dark">
              {t(`vote.secrecy.${vote.secrecy}` as MessageId)}
            </Badge>
          </Group>
        </Group>
        <Text size="sm">
          {t(`decision.${vote.decisionKind}` as MessageId)} · {t(`majority.${vote.rule.majority}` as MessageId)} · {t('vote.charterVersion', { version: vote.charterVersion })}
        </Text>
        {fromMinutes ? (
          // Old minutes give counts, not names: say so instead of "no ballots yet".
          <Text size="sm" data-testid="from-minutes">
            {t('vote.fromMinutes', { minutes: fromMinutes })}
          </Text>
        ) : (
          <Text size="sm" data-testid="ballots-cast" aria-live="polite">
            {t('vote.ballotsCast', { count: vote.ballotsCast, entitled: quorum.entitled })}
          </Text>
        )}
        {tally ? (
          <Stack gap={4} data-testid="tally" aria-live="polite">
            {choices.map((c) => (
              <div key={c}>
                <Group justify="space-between">
                  <Text size="sm" fw={600}>
                    {t(`choice.${c}` as MessageId)}
                  </Text>
                  <Text size="sm" data-testid={`tally-${c}`} data-count={tally[c]}>
                    {t('vote.votes', { count: tally[c] })}
                  </Text>
                </Group>
                <Progress value={total ? (tally[c] / total) * 100 : 0} color={c === 'yes' ? 'green.8' : c === 'no' ? 'red.8' : 'gray.7'} aria-label={t(`choice.${c}` as MessageId)} />
              </div>
            ))}
          </Stack>
        ) : (
          <Text size="sm">{t('vote.secretCounts')}</Text>
        )}
        {vote.result && (
          <Card bg={vote.result.outcome === 'adopted' ? 'green.0' : 'red.0'} p="sm" data-testid="resolution" data-outcome={vote.result.outcome}>
            <Text fw={700}>
              {vote.result.resolution
                ? t('vote.resolution', { number: vote.result.resolution.number, outcome: vote.result.outcome })
                : t('vote.resolutionPending', { outcome: vote.result.outcome })}
            </Text>
            <Text size="sm">
              {t('vote.quorum', { present: vote.result.quorum.present, entitled: vote.result.quorum.entitled, reached: String(vote.result.quorum.reached) })}
            </Text>
            {closing && <ActDates act={closing} />}
          </Card>
        )}
        {open && !vote.result && (
          <Text size="sm" data-testid="quorum" data-reached={quorum.reached}>
            {t('vote.quorum', { present: f.number(quorum.present), entitled: f.number(quorum.entitled), reached: String(quorum.reached) })}
          </Text>
        )}
        {open &&
          roles.ballotsFor.map(({ memberId, viaProxyOf }) => {
            const mine = vote.ballots?.find((b) => b.memberId === memberId);
            const voted = mine !== undefined || vote.voted.includes(memberId);
            return (
              <Stack key={memberId} gap={4} data-testid="ballot" data-member={memberId}>
                <Text size="sm" fw={600}>
                  {viaProxyOf ? t('ballot.forProxy', { organisation: roles.organisation(memberId) }) : t('ballot.for', { organisation: roles.organisation(memberId) })}
                  {mine?.choice && <> · {t('ballot.mine', { choice: mine.choice })}</>}
                </Text>
                <Group gap="xs">
                  {choices.map((c) => (
                    <CommandButton
                      key={c}
                      size="sm"
                      variant={mine?.choice === c ? 'filled' : 'outline'}
                      aria-pressed={mine?.choice === c}
                      aria-label={t(voted ? 'ballot.correctTo' : 'ballot.castAs', { choice: c, organisation: roles.organisation(memberId) })}
                      run={() => (voted ? meetingCommands.correct(meeting.meetingId, vote.voteId, memberId, c) : meetingCommands.cast(meeting.meetingId, vote.voteId, memberId, c))}
                    >
                      {t(`choice.${c}` as MessageId)}
                    </CommandButton>
                  ))}
                </Group>
              </Stack>
            );
          })}
        {vote.secrecy === 'named' && vote.ballots && vote.ballots.length > 0 && (
          <details>
            <summary>{t('vote.namedBallots')}</summary>
            <Stack gap={2} mt={4}>
              {vote.ballots.map((b) => (
                <Text size="sm" key={b.memberId}>
                  {roles.organisation(b.memberId)}: {t(`choice.${b.choice ?? 'abstain'}` as MessageId)}
                  {b.viaProxyOf && <> ({t('ballot.viaProxy', { holder: roles.organisation(b.viaProxyOf) })})</>} — <PersonName personId={b.castBy} />
                </Text>
              ))}
            </Stack>
          </details>
        )}
        {isCoordinator && open && (
          <CommandButton color="red.8" run={() => meetingCommands.closeVote(meeting.meetingId, vote.voteId)} data-testid="close-vote">
            {t('vote.close')}
          </CommandButton>
        )}
      </Stack>
    </Card>
  );
}

/** The running tally of a named vote, by the domain's own count (weights included). */
const sum = (ballots: NonNullable<CachedVote['ballots']>) => count(ballots.flatMap((b) => (b.choice ? [{ choice: b.choice, weight: b.weight }] : [])));
