import { Anchor, Badge, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { CommandButton, PageTitle, QueryState } from '../../../components';
import { apiDownload, seg } from '../../../lib/api-client';
import { DownloadButton } from '../../../components/DownloadButton';
import { useLocale } from '../../../lib/i18n/locale';
import { useCluster } from '../../../lib/cluster';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { room, useRoom } from '../../../lib/live/live-context';
import { useRoles } from '../../../lib/roles';
import { useSession } from '../../../lib/session';
import { meetingCommands, useMeeting, type CachedMeeting } from '../api/meeting';
import { meetingRoles } from '../hooks/use-meeting-roles';
import { AgendaSection } from './AgendaSection';
import { AttendanceSection } from './AttendanceSection';
import { LiveFeed } from './LiveFeed';
import { OpenVoteForm } from './OpenVoteForm';
import { VoteCard } from './VoteCard';
import { MinutesSection } from './MinutesSection';
import { ProxyForm } from './ProxyForm';
import { CancelMeeting } from './CancelMeeting';
import type { ClusterView } from '../../../lib/api-types';
import { tone } from '../../../lib/colors';
import { useClusterTimeZone } from '../../../lib/i18n/i18n-provider';
import { ActDates, useMeetingRecordedActs } from '../../history';

/** The meeting in progress (or a past one): agenda, attendance and quorum, votes live, minutes. */
export function MeetingPage({ meetingId }: { meetingId: string }) {
  const meeting = useMeeting(meetingId);
  useRoom(room('meeting', meetingId));
  return <QueryState query={meeting}>{(m) => <WithCluster meeting={m} />}</QueryState>;
}

function WithCluster({ meeting }: { meeting: CachedMeeting }) {
  const cluster = useCluster(meeting.clusterId);
  return <QueryState query={cluster}>{(c) => <Meeting meeting={meeting} cluster={c} />}</QueryState>;
}

function Meeting({ meeting, cluster }: { meeting: CachedMeeting; cluster: ClusterView }) {
  const t = useT();
  const f = useFormat();
  const session = useSession();
  const { isCoordinator, recording } = useRoles(cluster, session?.personId);
  useClusterTimeZone(cluster.timeZone);
  // While the past is recorded, the recorder enters every present member's ballot from the minutes.
  const roles = meetingRoles(meeting, cluster, session?.personId, undefined, !!recording);
  const acts = useMeetingRecordedActs(meeting.meetingId).data;
  const convened = acts?.find((a) => a.type === 'MeetingConvened');
  const votes = [...meeting.votes].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'));
  return (
    <Stack>
      <div>
        <Anchor component={Link} to={`/clusters/${seg(meeting.clusterId)}/meetings`} size="sm">
          {t('meeting.back')}
        </Anchor>
        <PageTitle mt="xs">{meeting.title}</PageTitle>
        <Group gap="xs">
          <Badge color={meeting.status === 'open' ? tone.ok : tone.muted} data-testid="meeting-status">
            {t(`meeting.status.${meeting.status}` as MessageId)}
          </Badge>
          <Text size="sm">
            {t(`meeting.kind.${meeting.kind}` as MessageId)} · {f.dateTime(meeting.scheduledFor)}
          </Text>
        </Group>
        {convened && <ActDates act={convened} mt={4} />}
      </div>
      {meeting.status !== 'convened' && meeting.status !== 'cancelled' && <MinutesPdf meeting={meeting} />}
      {isCoordinator && (
        <Group gap="xs">
          {meeting.status === 'convened' && (
            <CommandButton run={() => meetingCommands.open(meeting.meetingId)} data-testid="open-meeting">
              {t('meeting.open')}
            </CommandButton>
          )}
          {meeting.status === 'convened' && <CancelMeeting meetingId={meeting.meetingId} />}
          {meeting.status === 'open' && (
            <CommandButton color="red.8" variant="outline" run={() => meetingCommands.close(meeting.meetingId)} data-testid="close-meeting">
              {t('meeting.close')}
            </CommandButton>
          )}
        </Group>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder component="section" aria-labelledby="votes-title">
              <Title order={2} size="h4" id="votes-title" mb="xs">
                {t('meeting.votes')}
              </Title>
              <Stack>
                {votes.length === 0 && <Text size="sm">{t('meeting.noVotes')}</Text>}
                {votes.map((v) => (
                  <VoteCard key={v.voteId} meeting={meeting} vote={v} cluster={cluster} roles={roles} isCoordinator={isCoordinator} acts={acts} />
                ))}
                {isCoordinator && meeting.status === 'open' && <OpenVoteForm meeting={meeting} />}
              </Stack>
            </Card>
            <AgendaSection meeting={meeting} isCoordinator={isCoordinator} />
            <MinutesSection meeting={meeting} isCoordinator={isCoordinator} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <AttendanceSection meeting={meeting} cluster={cluster} roles={roles} isCoordinator={isCoordinator} personId={session?.personId} />
            {cluster.charter.proxiesAllowed && meeting.status === 'open' && (isCoordinator || roles.myPresent.length > 0) && (
              <ProxyForm meeting={meeting} cluster={cluster} holders={isCoordinator ? cluster.members.filter((m) => roles.present.has(m.memberId)) : roles.myPresent} />
            )}
            <LiveFeed meetingId={meeting.meetingId} organisation={roles.organisation} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The minutes as a PDF drawn from the sealed record (attendance, votes, resolutions), in the person's language. */
function MinutesPdf({ meeting }: { meeting: CachedMeeting }) {
  const t = useT();
  const lang = useLocale();
  return (
    <DownloadButton
      variant="default"
      size="xs"
      download={() => apiDownload(`/clusters/${seg(meeting.clusterId)}/documents/meetings/${seg(meeting.meetingId)}/minutes`, { lang }, `minutes-${meeting.meetingId}.pdf`)}
      data-testid="minutes-pdf"
    >
      {t('minutes.pdf')}
    </DownloadButton>
  );
}
