import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { SignInPage } from '../features/auth';
import { I18nProvider } from '../lib/i18n/i18n-provider';
import { LiveProvider } from '../lib/live/live-context';
import { queryClient } from '../lib/query';
import { useSession } from '../lib/session';
import { liveHandlers } from './live-handlers';
import { Routes } from './routes';

/** Darker shades than Mantine's defaults, so text on filled controls keeps a 4.5:1 contrast. */
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
});

export function App() {
  const session = useSession();
  const handlers = useMemo(() => liveHandlers(queryClient), []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          {session ? (
            <LiveProvider key={session.token} token={session.token} handlers={handlers}>
              <Routes />
            </LiveProvider>
          ) : (
            <SignInPage />
          )}
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
