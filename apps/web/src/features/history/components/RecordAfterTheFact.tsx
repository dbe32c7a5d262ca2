import { Alert, Card, Title } from '@mantine/core';
import { useT } from '../../../lib/i18n/use-t';

/**
 * Recording an act after the fact, with the date it occurred and the document it cites: the
 * history issue (11) adds the API; this card is where its form goes (coordinator and registrar).
 */
export function RecordAfterTheFact() {
  const t = useT();
  return (
    <Card withBorder component="section" aria-labelledby="history-title">
      <Title order={2} size="h4" id="history-title" mb="xs">
        {t('history.title')}
      </Title>
      <Alert variant="light" color="gray">
        {t('history.pending')}
      </Alert>
    </Card>
  );
}
