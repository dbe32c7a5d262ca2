import { Loader, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '../lib/i18n/use-t';
import { ErrorAlert } from './ErrorAlert';

/** Loading and error states of a read, so each screen only renders its data. */
export function QueryState<T>({ query, children }: { query: { data: T | undefined; error: Error | null; isPending: boolean }; children: (data: T) => ReactNode }) {
  const t = useT();
  if (query.error) return <ErrorAlert error={query.error} />;
  if (query.isPending || query.data === undefined)
    return (
      <Group gap="xs" role="status">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{t('common.loading')}</Text>
      </Group>
    );
  return <>{children(query.data)}</>;
}
