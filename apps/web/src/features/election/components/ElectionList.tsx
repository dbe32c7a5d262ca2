import { Anchor, Badge, Card, List, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { QueryState } from '../../../components';
import { seg } from '../../../lib/api-client';
import { tone } from '../../../lib/colors';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useElections } from '../api/election';

/** The cluster's leader elections, the latest first. */
export function ElectionList({ clusterId }: { clusterId: string }) {
  const t = useT();
  const f = useFormat();
  const elections = useElections(clusterId);
  return (
    <Card withBorder component="section" aria-labelledby="elections-title">
      <Title order={2} size="h4" id="elections-title" mb="xs">
        {t('election.list')}
      </Title>
      <QueryState query={elections}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm">{t('common.none')}</Text>
          ) : (
            <List listStyleType="none" spacing="xs" size="sm">
              {list.map((e) => (
                <List.Item key={e.electionId}>
                  <Anchor component={Link} to={`/elections/${seg(e.electionId)}`} fw={600}>
                    {e.reason}
                  </Anchor>{' '}
                  <Badge size="sm" color={e.status === 'elected' ? tone.ok : tone.info}>
                    {t(`election.status.${e.status}` as MessageId)}
                  </Badge>
                  <Text size="xs">{f.dateTime(e.calledAt)}</Text>
                </List.Item>
              ))}
            </List>
          )
        }
      </QueryState>
    </Card>
  );
}
