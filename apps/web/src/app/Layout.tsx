import { AppShell, Burger, Button, Group, NavLink, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { ConnectionBadge, ConnectionLostBanner, LanguageSwitch, PersonName } from '../components';
import { useClusters } from '../features/cluster/home';
import { RecordingBanner } from '../features/history/components/RecordingBanner';
import { seg } from '../lib/api-client';
import { useT } from '../lib/i18n/use-t';
import { signOut, useSession } from '../lib/session';
import { tone } from '../lib/colors';
import { useCluster } from '../lib/cluster';
import { rolesIn } from '../lib/roles';

/** The audit screen is for the cluster's auditors, coordinator and registrars: only they see its link. */
function AuditLink({ clusterId, personId, children }: { clusterId: string; personId: string | undefined; children: ReactNode }) {
  const roles = rolesIn(useCluster(clusterId).data, personId);
  return roles.isAuditor || roles.isCoordinator || roles.isRegistrar ? <>{children}</> : null;
}

/** The frame of every screen: header (language, live status, who), navigation, and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const t = useT();
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession();
  const clusters = useClusters();
  const [pathname] = useLocation();
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="klaster-skip">
        {t('app.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.menu')} />
            <Text component={Link} to="/" fw={800} size="lg" c={tone.info} style={{ textDecoration: 'none' }}>
              {t('app.name')}
            </Text>
            <ConnectionBadge />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <Text size="sm" visibleFrom="md">
              <PersonName personId={session?.personId} />
            </Text>
            <Button size="xs" variant="default" onClick={signOut} visibleFrom="sm">
              {t('app.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('app.nav')}>
        <Stack gap={0}>
          <NavLink component={Link} to="/" label={t('app.nav.home')} active={pathname === '/'} onClick={close} />
          <NavLink component={Link} to="/me/devices" label={t('app.nav.devices')} active={pathname === '/me/devices'} onClick={close} />
          <NavLink component="button" label={t('app.signOut')} onClick={signOut} hiddenFrom="sm" />
          {clusters.data?.map((c) => {
            const base = `/clusters/${seg(c.clusterId)}`;
            const link = (to: string, label: string) => <NavLink key={to} component={Link} to={to} label={label} active={pathname === to} onClick={close} pl="lg" />;
            return (
              <div key={c.clusterId}>
                <Text size="xs" fw={700} mt="md" px="sm" c="dark.6">
                  {c.name}
                </Text>
                {link(base, t('app.nav.cluster'))}
                {link(`${base}/meetings`, t('app.nav.meetings'))}
                {link(`${base}/groups`, t('app.nav.groups'))}
                {link(`${base}/agreement`, t('app.nav.agreement'))}
                <AuditLink clusterId={c.clusterId} personId={session?.personId}>
                  {link(`${base}/audit`, t('app.nav.audit'))}
                </AuditLink>
              </div>
            );
          })}
        </Stack>
        <VisuallyHidden>
          <PersonName personId={session?.personId} />
        </VisuallyHidden>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <ConnectionLostBanner />
        <RecordingBanner />
        <Suspense fallback={null}>
          {children}
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
