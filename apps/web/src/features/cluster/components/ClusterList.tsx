import { Anchor, Card, List, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { QueryState } from '../../../components';
import { seg } from '../../../lib/api-client';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useClusters } from '../api/cluster';

/** The clusters this person may read (as a member's representative or an auditor). */
export function ClusterList() {
  const t = useT();
  const f = useFormat();
  const clusters = useClusters();
  return (
    <Card withBorder component="section" aria-labelledby="my-clusters">
      <Title order={2} size="h4" id="my-clusters" mb="xs">
        {t('cluster.list.title')}
      </Title>
      <QueryState query={clusters}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm">{t('cluster.list.none')}</Text>
          ) : (
            <List listStyleType="none" spacing="xs">
              {list.map((c) => (
                <List.Item key={c.clusterId}>
                  <Anchor component={Link} to={`/clusters/${seg(c.clusterId)}`} fw={600}>
                    {c.name}
                  </Anchor>
                  <Text size="sm">{t('cluster.list.item', { members: c.members, date: f.day(c.foundedOn) })}</Text>
                </List.Item>
              ))}
            </List>
          )
        }
      </QueryState>
    </Card>
  );
}
