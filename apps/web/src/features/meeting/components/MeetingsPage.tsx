import { Anchor, Badge, Card, Grid, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { PageTitle, QueryState } from '../../../components';
import { seg } from '../../../lib/api-client';
import type { MeetingSummary, ResolutionEntry } from '../../../lib/api-types';
import { useCluster } from '../../../lib/cluster';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { room, useRoom } from '../../../lib/live/live-context';
import { useResource } from '../../../lib/query';
import { useRoles } from '../../../lib/roles';
import { useSession } from '../../../lib/session';
import { useMeetings } from '../api/meeting';
import { ConveneMeetingForm } from './ConveneMeetingForm';
import { tone } from '../../../lib/colors';
import { useClusterTimeZone } from '../../../lib/i18n/i18n-provider';
import { ActDates, closingOf, useClusterRecordedActs } from '../../history';

/** The meeting in progress first, then upcoming and past meetings, and the resolution register. */
export function MeetingsPage({ clusterId }: { clusterId: string }) {
  const t = useT();
  const session = useSession();
  const cluster = useCluster(clusterId);
  const meetings = useMeetings(clusterId);
  const register = useResource<ResolutionEntry[]>(['clusters', clusterId, 'resolutions']);
  const acts = useClusterRecordedActs(clusterId).data;
  useRoom(room('cluster', clusterId));
  useClusterTimeZone(cluster.data?.timeZone);
  const { isCoordinator } = useRoles(cluster.data, session?.personId);
  return (
    <Stack>
      <PageTitle>{t('meetings.title')}</PageTitle>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <QueryState query={meetings}>
            {(list) => (
              <Stack>
                <MeetingList title={t('meetings.inProgress')} id="in-progress" meetings={list.filter((m) => m.status === 'open')} empty={t('meetings.noneInProgress')} />
                <MeetingList title={t('meetings.upcoming')} id="upcoming" meetings={list.filter((m) => m.status === 'convened').reverse()} empty={t('meetings.noneUpcoming')} />
                <MeetingList title={t('meetings.past')} id="past" meetings={list.filter((m) => m.status === 'closed' || m.status === 'cancelled')} empty={t('meetings.nonePast')} />
              </Stack>
            )}
          </QueryState>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            {isCoordinator && <ConveneMeetingForm clusterId={clusterId} />}
            <Card withBorder component="section" aria-labelledby="register-title">
              <Title order={2} size="h4" id="register-title" mb="xs">
                {t('register.title')}
              </Title>
              <QueryState query={register}>
                {(entries) =>
                  entries.length === 0 ? (
                    <Text size="sm">{t('common.none')}</Text>
                  ) : (
                    <List listStyleType="none" spacing={2} size="sm" data-testid="register">
                      {[...entries].reverse().sort((a, b) => b.year - a.year).map((r) => {
                        const closing = r.voteId ? closingOf(acts, r.meetingId, r.voteId) : undefined;
                        return (
                          <List.Item key={`${r.body}/${r.number}`} data-testid="register-entry" data-number={r.number}>
                            <Anchor component={Link} to={r.electionId ? `/elections/${seg(r.electionId)}` : `/meetings/${seg(r.meetingId)}`}>
                              {t(r.electionId ? 'register.electionEntry' : 'register.entry', { number: r.number, body: r.body.startsWith('group:') ? 'group' : r.body })}
                            </Anchor>
                            {closing && <ActDates act={closing} size="xs" />}
                          </List.Item>
                        );
                      })}
                    </List>
                  )
                }
              </QueryState>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function MeetingList({ title, id, meetings, empty }: { title: string; id: string; meetings: MeetingSummary[]; empty: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <Card withBorder component="section" aria-labelledby={`meetings-${id}`}>
      <Title order={2} size="h4" id={`meetings-${id}`} mb="xs">
        {title}
      </Title>
      {meetings.length === 0 ? (
        <Text size="sm">{empty}</Text>
      ) : (
        <List listStyleType="none" spacing="xs" data-testid={`meetings-${id}`}>
          {meetings.map((m) => (
            <List.Item key={m.meetingId}>
              <Group gap="xs">
                <Anchor component={Link} to={`/meetings/${seg(m.meetingId)}`} fw={600}>
                  {m.title}
                </Anchor>
                {m.openVotes > 0 && <Badge color={tone.ok}>{t('meetings.openVotes', { count: m.openVotes })}</Badge>}
                {m.status === 'cancelled' && <Badge color={tone.muted}>{t('meeting.status.cancelled')}</Badge>}
              </Group>
              <Text size="sm">
                {t(`meeting.kind.${m.kind}` as MessageId)} · {f.dateTime(m.scheduledFor)} · {t('meetings.voteCount', { count: m.votes })}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}
