import { Alert, Button, Card, Container, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { ErrorAlert, LanguageSwitch, PageTitle } from '../../../components';
import { ApiError } from '../../../lib/api-client';
import type { InvitationPreview } from '../../../lib/api-types';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useSession } from '../../../lib/session';
import { signInWithProvider, useSignInMethods } from '../../auth/api/sign-in';
import { acceptSignedIn, acceptWithPasskey, tokenFromLocation, useInvitationPreview } from '../api/invitations';

/**
 * The page an invitation link opens (`/invitations#<token>`): what the person is invited to, and
 * accepting it — signed in already as themselves, or as someone new who registers a passkey on this
 * device (or signs in with the organisation's provider).
 */
export function InvitationPage() {
  const t = useT();
  const [token] = useState(tokenFromLocation);
  const preview = useInvitationPreview(token);
  return (
    <Container size="sm" py="xl" component="main">
      <Group justify="space-between" align="flex-start">
        <PageTitle>{t('invitation.title')}</PageTitle>
        <LanguageSwitch />
      </Group>
      {!token ? (
        <Alert color="red" variant="light" role="alert">
          {t('invitation.noToken')}
        </Alert>
      ) : preview.error ? (
        preview.error instanceof ApiError && preview.error.status === 404 ? (
          <Alert color="red" variant="light" role="alert" title={t('invitation.notFound')} />
        ) : (
          <ErrorAlert error={preview.error} />
        )
      ) : preview.data ? (
        <Invitation token={token} preview={preview.data} />
      ) : null}
    </Container>
  );
}

function Invitation({ token, preview }: { token: string; preview: InvitationPreview }) {
  const t = useT();
  const format = useFormat();
  const session = useSession();
  const methods = useSignInMethods();
  const [, navigate] = useLocation();
  const [name, setName] = useState('');
  const [device, setDevice] = useState(() => t('invitation.deviceDefault'));
  const done = () => {
    history.replaceState(null, '', '/');
    navigate('/');
  };
  const withPasskey = useMutation({ mutationFn: () => acceptWithPasskey(token, name.trim(), device.trim() || t('invitation.deviceDefault')), onSuccess: done });
  const signedIn = useMutation({ mutationFn: () => acceptSignedIn(token), onSuccess: done });
  const provider = useMutation({ mutationFn: () => signInWithProvider(token) });
  const what = t(`invitation.role.${preview.role}` as MessageId, { organisation: preview.member?.organisation ?? '' });
  return (
    <Stack>
      <Text size="lg" data-testid="invitation-what">
        {t('invitation.intro', { cluster: preview.clusterName, what })}
      </Text>
      {preview.status !== 'open' ? (
        <Alert color="red" variant="light" role="alert" title={t(`invitation.status.${preview.status}` as MessageId)} />
      ) : (
        <>
          <Text size="sm">{t('invitation.expires', { date: format.dateTime(preview.expiresAt) })}</Text>
          {session ? (
            <Card withBorder component="section">
              <Text mb="sm">{t('invitation.signedIn')}</Text>
              <Button onClick={() => signedIn.mutate()} loading={signedIn.isPending} data-testid="accept-signed-in">
                {t('invitation.acceptSignedIn')}
              </Button>
              {signedIn.error && <ErrorAlert error={signedIn.error} />}
            </Card>
          ) : (
            <Card withBorder component="section" aria-labelledby="accept-title">
              <Title order={2} size="h4" id="accept-title" mb="xs">
                {t('invitation.accept.title')}
              </Title>
              <Text size="sm" mb="md">
                {t('invitation.accept.intro')}
              </Text>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  withPasskey.mutate();
                }}
              >
                <Stack gap="xs">
                  <TextInput label={t('invitation.name')} description={t('invitation.nameHelp')} required value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="name" />
                  <TextInput label={t('invitation.device')} description={t('invitation.deviceHelp')} value={device} onChange={(e) => setDevice(e.currentTarget.value)} />
                  <Group>
                    <Button type="submit" loading={withPasskey.isPending} disabled={!name.trim()} data-testid="accept-passkey">
                      {t('invitation.acceptPasskey')}
                    </Button>
                    {methods.data?.oidc && (
                      <Button variant="default" onClick={() => provider.mutate()} loading={provider.isPending} data-testid="accept-provider">
                        {t('invitation.acceptProvider', { name: methods.data.oidc.name })}
                      </Button>
                    )}
                  </Group>
                  {withPasskey.error && <ErrorAlert error={withPasskey.error} />}
                  {provider.error && <ErrorAlert error={provider.error} />}
                </Stack>
              </form>
            </Card>
          )}
        </>
      )}
    </Stack>
  );
}
