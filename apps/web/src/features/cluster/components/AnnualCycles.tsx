import { Card, Table, Text, Title } from '@mantine/core';
import { QueryState } from '../../../components';
import type { AnnualCycle } from '../../../lib/api-types';
import { useT } from '../../../lib/i18n/use-t';
import { useResource } from '../../../lib/query';

/** Each year's report, its acceptance, the leader's absolution and the action plan, with their resolutions. */
export function AnnualCycles({ clusterId }: { clusterId: string }) {
  const t = useT();
  const cycles = useResource<AnnualCycle[]>(['clusters', clusterId, 'annual-cycles']);
  const cell = (done: { resolution: { number: string } } & ({ accepted: boolean } | { granted: boolean } | { adopted: boolean }) | undefined) => {
    if (!done) return <Text size="sm">—</Text>;
    const yes = 'accepted' in done ? done.accepted : 'granted' in done ? done.granted : done.adopted;
    return <Text size="sm">{t(yes ? 'cycles.yes' : 'cycles.no', { number: done.resolution.number })}</Text>;
  };
  return (
    <Card withBorder component="section" aria-labelledby="cycles-title">
      <Title order={2} size="h4" id="cycles-title" mb="xs">
        {t('cycles.title')}
      </Title>
      <QueryState query={cycles}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm">{t('common.none')}</Text>
          ) : (
            <Table fz="sm" data-testid="annual-cycles">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('cycles.year')}</Table.Th>
                  <Table.Th>{t('cycles.report')}</Table.Th>
                  <Table.Th>{t('cycles.absolution')}</Table.Th>
                  <Table.Th>{t('cycles.plan')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...list]
                  .sort((a, b) => b.year - a.year)
                  .map((c) => (
                    <Table.Tr key={c.year}>
                      <Table.Td>{c.year}</Table.Td>
                      <Table.Td>{cell(c.reportDecision)}</Table.Td>
                      <Table.Td>{cell(c.absolution)}</Table.Td>
                      <Table.Td>{cell(c.actionPlan)}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Card>
  );
}
