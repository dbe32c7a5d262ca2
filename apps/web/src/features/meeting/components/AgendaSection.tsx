import { Button, Card, Group, List, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../../components';
import { newId } from '../../../lib/ids';
import { useT } from '../../../lib/i18n/use-t';
import { meetingCommands, type CachedMeeting } from '../api/meeting';

/** The agenda; the coordinator adds items until the meeting closes. */
export function AgendaSection({ meeting, isCoordinator }: { meeting: CachedMeeting; isCoordinator: boolean }) {
  const t = useT();
  const [title, setTitle] = useState('');
  const add = useMutation({
    mutationFn: () => meetingCommands.addAgendaItem(meeting.meetingId, { itemId: newId(title), title }),
    onSuccess: () => setTitle(''),
  });
  return (
    <Card withBorder component="section" aria-labelledby="agenda-title">
      <Title order={2} size="h4" id="agenda-title" mb="xs">
        {t('meeting.agenda')}
      </Title>
      {meeting.agenda.length === 0 ? (
        <Text size="sm">{t('meeting.agendaEmpty')}</Text>
      ) : (
        <List type="ordered" spacing={4} data-testid="agenda">
          {meeting.agenda.map((item) => (
            <List.Item key={item.itemId}>
              {item.title}
              {item.description && (
                <Text size="sm" c="dimmed">
                  {item.description}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
      {isCoordinator && (meeting.status === 'convened' || meeting.status === 'open') && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (title.trim()) add.mutate();
          }}
        >
          <Group align="flex-end" mt="sm" gap="xs">
            <TextInput label={t('meeting.agendaNew')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} style={{ flex: 1, minWidth: 180 }} />
            <Button type="submit" loading={add.isPending}>
              {t('meeting.agendaAdd')}
            </Button>
          </Group>
          {add.error && <ErrorAlert error={add.error} />}
        </form>
      )}
    </Card>
  );
}
