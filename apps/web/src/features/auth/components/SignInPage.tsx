import { Button, Card, Container, Group, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert, LanguageSwitch, PageTitle } from '../../../components';
import { signIn, toSession } from '../../../lib/session';
import { useT } from '../../../lib/i18n/use-t';
import { demoToken, useDemoPeople } from '../api/sign-in';

/**
 * Sign-in until the identity issue lands: in demo mode a picker of the demo cluster's people, and
 * always the paste of a bearer token (e.g. from `npm run cli -- token <personId>`).
 */
export function SignInPage() {
  const t = useT();
  const people = useDemoPeople();
  const pick = useMutation({
    mutationFn: demoToken,
    onSuccess: ({ token }) => {
      const session = toSession(token);
      if (session) signIn(session);
    },
  });
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState(false);
  const paste = () => {
    const session = toSession(token);
    setInvalid(!session);
    if (session) signIn(session);
  };
  return (
    <Container size="md" py="xl" component="main">
      <Group justify="space-between" align="flex-start">
        <PageTitle>{t('signIn.title')}</PageTitle>
        <LanguageSwitch />
      </Group>
      <Text mb="lg">{t('signIn.intro')}</Text>
      {people.data && (
        <Card withBorder mb="xl" component="section" aria-labelledby="demo-people">
          <Title order={2} size="h4" id="demo-people" mb="xs">
            {t('signIn.demo.title')}
          </Title>
          <Text size="sm" mb="md">
            {t('signIn.demo.intro')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            {people.data.map((p) => (
              <Button key={p.personId} variant="default" justify="flex-start" onClick={() => pick.mutate(p.personId)} loading={pick.isPending && pick.variables === p.personId} data-person={p.personId}>
                {p.displayName}
              </Button>
            ))}
          </SimpleGrid>
          {pick.error && <ErrorAlert error={pick.error} />}
        </Card>
      )}
      <Card withBorder component="section" aria-labelledby="token-title">
        <Title order={2} size="h4" id="token-title" mb="xs">
          {t('signIn.token.title')}
        </Title>
        <Stack>
          <Textarea
            label={t('signIn.token.label')}
            description={t('signIn.token.help')}
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
            error={invalid ? t('signIn.token.invalid') : undefined}
            autosize
            minRows={2}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
          <Button onClick={paste} disabled={!token.trim()} style={{ alignSelf: 'flex-start' }}>
            {t('signIn.token.submit')}
          </Button>
        </Stack>
      </Card>
    </Container>
  );
}
