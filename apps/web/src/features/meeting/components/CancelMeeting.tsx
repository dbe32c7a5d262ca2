import { Button, Group, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../../components';
import { useT } from '../../../lib/i18n/use-t';
import { meetingCommands } from '../api/meeting';

/** The coordinator cancels a meeting not yet opened, giving the reason. */
export function CancelMeeting({ meetingId }: { meetingId: string }) {
  const t = useT();
  const [reason, setReason] = useState<string | null>(null);
  const cancel = useMutation({ mutationFn: () => meetingCommands.cancel(meetingId, { reason: reason! }) });
  if (reason === null)
    return (
      <Button variant="outline" color="red.8" onClick={() => setReason('')}>
        {t('meeting.cancel')}
      </Button>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) cancel.mutate();
      }}
    >
      <Group align="flex-end" gap="xs">
        <TextInput label={t('meeting.cancelReason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <Button type="submit" color="red.8" loading={cancel.isPending}>
          {t('meeting.cancel')}
        </Button>
        <Button variant="default" onClick={() => setReason(null)}>
          {t('common.close')}
        </Button>
      </Group>
      {cancel.error && <ErrorAlert error={cancel.error} />}
    </form>
  );
}
