import { Button, Stack, type ButtonProps } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

/** A button that sends one command; while it runs it is busy, and a refusal shows below it. */
export function CommandButton({ run, children, onDone, ...props }: ButtonProps & { run: () => Promise<unknown>; children: ReactNode; onDone?: () => void; 'aria-label'?: string; 'data-testid'?: string }) {
  const mutation = useMutation({ mutationFn: run, onSuccess: onDone });
  return (
    <Stack gap={4} align="flex-start">
      <Button {...props} loading={mutation.isPending} onClick={() => mutation.mutate()}>
        {children}
      </Button>
      {mutation.error && <ErrorAlert error={mutation.error} />}
    </Stack>
  );
}
