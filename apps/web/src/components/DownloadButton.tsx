import { Button, Stack, Text, type ButtonProps } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';
import type { Downloaded } from '../lib/api-client';
import { useT } from '../lib/i18n/use-t';

/**
 * A button that downloads a file with the person's session (the token goes in a header, so this is a
 * request and a blob, not a plain link): busy while it runs, the file's name once saved, a refusal
 * in the person's language otherwise.
 */
export function DownloadButton({ download, onDone, children, ...props }: ButtonProps & { download: () => Promise<Downloaded>; onDone?: () => void; children: ReactNode; 'data-testid'?: string; disabled?: boolean }) {
  const t = useT();
  const mutation = useMutation({ mutationFn: download, onSuccess: onDone });
  return (
    <Stack gap={4} align="flex-start">
      <Button variant="light" {...props} loading={mutation.isPending} onClick={() => mutation.mutate()}>
        {children}
      </Button>
      <div aria-live="polite">
        {mutation.data && !mutation.isPending && (
          <Text size="xs" data-testid="downloaded">
            {t('audit.download.saved', { name: mutation.data.filename ?? '' })}
          </Text>
        )}
      </div>
      {mutation.error && <ErrorAlert error={mutation.error} />}
    </Stack>
  );
}
