import { Grid, Stack, Text } from '@mantine/core';
import { lazy } from 'react';
import { Route, Switch } from 'wouter';
import { PageTitle } from '../components';
import { ClusterList, useClusters } from '../features/cluster/home';
import { room, useRoom } from '../lib/live/live-context';
import { InboxPanel } from '../features/inbox';
import { useT } from '../lib/i18n/use-t';
import { Layout } from './Layout';

// The first screen (inbox) ships with the page; every other screen is its own chunk, loaded when opened.
const ClusterPage = lazy(() => import('./pages/ClusterPage'));
const MeetingsRoute = lazy(() => import('./pages/MeetingsRoute'));
const MeetingRoute = lazy(() => import('./pages/MeetingRoute'));
const GroupsRoute = lazy(() => import('./pages/GroupsRoute'));
const GroupRoute = lazy(() => import('./pages/GroupRoute'));
const AgreementRoute = lazy(() => import('./pages/AgreementRoute'));
const AuditRoute = lazy(() => import('./pages/AuditRoute'));
const ElectionRoute = lazy(() => import('./pages/ElectionRoute'));
const DevicesRoute = lazy(() => import('./pages/DevicesRoute'));

/** Follows a cluster's room (every act of the cluster), so the inbox updates itself. */
function FollowCluster({ clusterId }: { clusterId: string }) {
  useRoom(room('cluster', clusterId));
  return null;
}

function Home() {
  const t = useT();
  const clusters = useClusters();
  return (
    <Stack>
      {clusters.data?.map((c) => <FollowCluster key={c.clusterId} clusterId={c.clusterId} />)}
      <PageTitle>{t('inbox.title')}</PageTitle>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <InboxPanel />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <ClusterList />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function NotFound() {
  const t = useT();
  return <Text>{t('app.notFound')}</Text>;
}

/** The page's screens; ids in paths exactly as the API returns them (URL-encoded). */
export function Routes() {
  return (
    <Layout>
      <Switch>
        <Route path="/" component={Home} />
        <Route path="/clusters/:clusterId" component={ClusterPage} />
        <Route path="/clusters/:clusterId/meetings" component={MeetingsRoute} />
        <Route path="/clusters/:clusterId/groups" component={GroupsRoute} />
        <Route path="/clusters/:clusterId/agreement" component={AgreementRoute} />
        <Route path="/clusters/:clusterId/audit" component={AuditRoute} />
        <Route path="/meetings/:meetingId" component={MeetingRoute} />
        <Route path="/groups/:groupId" component={GroupRoute} />
        <Route path="/elections/:electionId" component={ElectionRoute} />
        <Route path="/me/devices" component={DevicesRoute} />
        <Route component={NotFound} />
      </Switch>
    </Layout>
  );
}
