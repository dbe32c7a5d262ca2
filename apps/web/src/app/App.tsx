import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy, useEffect, useMemo } from 'react';
import { useLocation } from 'wouter';
import { SignInPage } from '../features/auth';
import { I18nProvider } from '../lib/i18n/i18n-provider';
import { LiveProvider } from '../lib/live/live-context';
import { queryClient } from '../lib/query';
import { forget, freshToken, restoreSession, useRestoring, useSession } from '../lib/session';
import { liveHandlers } from './live-handlers';
import { Routes } from './routes';

// Opened once per person, from their invitation link: its own chunk.
const InvitationPage = lazy(() => import('../features/invitations').then((m) => ({ default: m.InvitationPage })));

/** Darker shades than Mantine's defaults, so text on filled controls keeps a 4.5:1 contrast. */
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
});

export function App() {
  const session = useSession();
  const restoring = useRestoring();
  const [path] = useLocation();
  const handlers = useMemo(() => liveHandlers(queryClient), []);
  // A reload: the session cookie (if any) gives a new access token.
  useEffect(() => void restoreSession(), []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          {path === '/invitations' ? (
            <Suspense fallback={null}>
              <InvitationPage />
            </Suspense>
          ) : session ? (
            <LiveProvider key={session.personId} token={freshToken} handlers={handlers} signedOut={forget}>
              <Routes />
            </LiveProvider>
          ) : restoring ? null : (
            <SignInPage />
          )}
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
