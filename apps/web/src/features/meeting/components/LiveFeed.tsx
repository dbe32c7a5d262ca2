import { Card, List, Text, Title } from '@mantine/core';
import { useIntl } from 'react-intl';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useT } from '../../../lib/i18n/use-t';
import { room, useRoomLog } from '../../../lib/live/live-context';
import { ActDates } from '../../history/components/ActDates';

/** The acts of this meeting as they arrive (each once, in order, also those replayed after a reconnect). */
export function LiveFeed({ meetingId, organisation }: { meetingId: string; organisation: (memberId: string) => string }) {
  const t = useT();
  const intl = useIntl();
  const log = useRoomLog(room('meeting', meetingId));
  return (
    <Card withBorder component="section" aria-labelledby="feed-title">
      <Title order={2} size="h4" id="feed-title" mb="xs">
        {t('feed.title')}
      </Title>
      {log.length === 0 ? (
        <Text size="sm">{t('feed.empty')}</Text>
      ) : (
        <List spacing={2} listStyleType="none" size="sm" data-testid="feed">
          {[...log].reverse().map((m) => {
            const id = `feed.event.${m.type}`;
            const ballot = m.fragment.view === 'vote' ? m.fragment.ballot : null;
            const what = intl.messages[id] ? t(id as MessageId, { organisation: ballot ? organisation(ballot.memberId) : '' }) : m.type;
            return (
              <List.Item key={m.position} data-testid="feed-item" data-position={m.position} data-type={m.type}>
                <Text span size="sm" c="dimmed">
                  {t('feed.position', { position: m.position })}
                </Text>{' '}
                {what}
                {m.recorded && <ActDates act={m.recorded} c="dimmed" />}
              </List.Item>
            );
          })}
        </List>
      )}
    </Card>
  );
}
