import { Badge, Card, List, Text, Title } from '@mantine/core';
import { QueryState } from '../../../components';
import type { Amendment } from '../../../lib/api-types';
import { tone } from '../../../lib/colors';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useResource } from '../../../lib/query';

/** The amendments proposed to the agreement: what each changes, why, and what became of it. */
export function AmendmentList({ clusterId }: { clusterId: string }) {
  const t = useT();
  const f = useFormat();
  const amendments = useResource<Amendment[]>(['clusters', clusterId, 'amendments']);
  return (
    <Card withBorder component="section" aria-labelledby="amendments-title">
      <Title order={2} size="h4" id="amendments-title" mb="xs">
        {t('amendments.title')}
      </Title>
      <QueryState query={amendments}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm">{t('common.none')}</Text>
          ) : (
            <List listStyleType="none" spacing="sm" data-testid="amendments">
              {list.map((a) => (
                <List.Item key={a.amendmentId}>
                  <Text size="sm" fw={600}>
                    {t(`amendments.change.${a.change.kind}` as MessageId, { section: a.change.section })}{' '}
                    <Badge size="sm" color={a.status === 'adopted' ? tone.ok : a.status === 'proposed' ? tone.info : tone.muted}>
                      {t(`amendments.status.${a.status}` as MessageId)}
                    </Badge>
                  </Text>
                  <Text size="sm">{a.rationale}</Text>
                  <Text size="xs" c="dimmed">
                    {t('amendments.proposed', { date: f.dateTime(a.proposedAt), version: a.baseVersion })}
                    {a.decidedBy && <> · {t('amendments.decidedBy', { number: a.decidedBy.number })}</>}
                  </Text>
                </List.Item>
              ))}
            </List>
          )
        }
      </QueryState>
    </Card>
  );
}
