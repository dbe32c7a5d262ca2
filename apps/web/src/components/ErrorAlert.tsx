import { Alert, Text } from '@mantine/core';
import { useErrorText } from '../lib/i18n/error-text';
import { useT } from '../lib/i18n/use-t';

/** A refused command or a failed read, in the person's language, with the server's reason. */
export function ErrorAlert({ error }: { error: unknown }) {
  const text = useErrorText()(error);
  const t = useT();
  return (
    <Alert color="red" variant="light" role="alert" title={text.title} data-testid="error">
      {text.detail && (
        <Text size="sm">
          {t('error.reason')} <span lang="en">{text.detail}</span>
        </Text>
      )}
    </Alert>
  );
}
