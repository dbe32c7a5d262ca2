import { Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../../components';
import { tone } from '../../../lib/colors';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useT } from '../../../lib/i18n/use-t';
import { meetingCommands, type CachedMeeting } from '../api/meeting';

/** The minutes: their text and status; the coordinator drafts them, then corrects the draft. */
export function MinutesSection({ meeting, isCoordinator }: { meeting: CachedMeeting; isCoordinator: boolean }) {
  const t = useT();
  const { minutes } = meeting;
  const [text, setText] = useState<string | null>(null);
  const editable = isCoordinator && (minutes.status === 'none' || minutes.status === 'draft') && meeting.status !== 'cancelled';
  const save = useMutation({
    mutationFn: () => (minutes.status === 'none' ? meetingCommands.draftMinutes(meeting.meetingId, { text: text! }) : meetingCommands.correctMinutes(meeting.meetingId, { text: text! })),
    onSuccess: () => setText(null),
  });
  if (minutes.status === 'none' && !editable) return null;
  return (
    <Card withBorder component="section" aria-labelledby="minutes-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="minutes-title">
          {t('minutes.title')}
        </Title>
        {minutes.status !== 'none' && (
          <Badge color={minutes.status === 'draft' ? tone.info : tone.ok}>{t(`minutes.status.${minutes.status}` as MessageId, { version: minutes.version })}</Badge>
        )}
      </Group>
      {text === null ? (
        <Stack gap="xs">
          {minutes.status === 'none' ? <Text size="sm">{t('minutes.none')}</Text> : <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="minutes">{minutes.text}</Text>}
          {editable && (
            <Button variant="light" onClick={() => setText(minutes.text ?? '')} style={{ alignSelf: 'flex-start' }}>
              {t(minutes.status === 'none' ? 'minutes.draft' : 'minutes.correct')}
            </Button>
          )}
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) save.mutate();
          }}
        >
          <Stack gap="xs">
            <Textarea label={t('minutes.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={6} required />
            <Group gap="xs">
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
              <Button variant="default" onClick={() => setText(null)}>
                {t('common.cancel')}
              </Button>
            </Group>
            {save.error && <ErrorAlert error={save.error} />}
          </Stack>
        </form>
      )}
    </Card>
  );
}
