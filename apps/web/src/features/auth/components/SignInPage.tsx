import { Alert, Button, Card, Container, Group, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useIntl } from 'react-intl';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert, LanguageSwitch, PageTitle } from '../../../components';
import { signIn, toSession } from '../../../lib/session';
import { useT } from '../../../lib/i18n/use-t';
import { demoToken, signInWithPasskey, signInWithProvider, useDemoPeople, useSignInMethods } from '../api/sign-in';

/**
 * Sign-in: with a passkey on this device (people join through an invitation link, which registers
 * it), with the organisation's provider when the server has one, in demo mode a picker of the demo
 * cluster's people, and always the paste of a bearer token (e.g. from `npm run cli -- token <personId>`).
 */
export function SignInPage() {
  const t = useT();
  const people = useDemoPeople();
  const methods = useSignInMethods();
  const passkey = useMutation({ mutationFn: signInWithPasskey });
  const provider = useMutation({ mutationFn: () => signInWithProvider() });
  // Back from the organisation's provider without a session: why, as a code (`/?signInError=oidc_not_linked`).
  const [returned] = useState(() => new URLSearchParams(window.location.search).get('signInError'));
  const intl = useIntl();
  const returnedText = returned ? (intl.messages[`error.code.${returned}`] ? intl.formatMessage({ id: `error.code.${returned}` }) : t('error.code.oidc_failed')) : null;
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
      {returnedText && (
        <Alert color="red" variant="light" role="alert" mb="lg" title={returnedText} data-testid="sign-in-error" />
      )}
      <Card withBorder mb="xl" component="section" aria-labelledby="passkey-title">
        <Title order={2} size="h4" id="passkey-title" mb="xs">
          {t('signIn.passkey.title')}
        </Title>
        <Text size="sm" mb="md">
          {t('signIn.passkey.intro')}
        </Text>
        <Group>
          <Button onClick={() => passkey.mutate()} loading={passkey.isPending} data-testid="sign-in-passkey">
            {t('signIn.passkey.submit')}
          </Button>
          {methods.data?.oidc && (
            <Button variant="default" onClick={() => provider.mutate()} loading={provider.isPending} data-testid="sign-in-provider">
              {t('signIn.provider.submit', { name: methods.data.oidc.name })}
            </Button>
          )}
        </Group>
        {passkey.error && <ErrorAlert error={passkey.error} />}
        {provider.error && <ErrorAlert error={provider.error} />}
      </Card>
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
