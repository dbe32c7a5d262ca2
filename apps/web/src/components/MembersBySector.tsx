import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ClusterView } from '../lib/api-types';
import { useFormat, useT } from '../lib/i18n/use-t';
import type { MessageId } from '../lib/i18n/i18n-provider';
import { PersonName } from './PersonName';
import { tone } from '../lib/colors';

/** A cluster's members grouped by sector, each with its representative, kind and status. */
export function MembersBySector({ cluster, idPrefix = 'sector' }: { cluster: ClusterView; idPrefix?: string }) {
  const t = useT();
  const f = useFormat();
  const bySector = new Map<string, ClusterView['members']>();
  for (const m of [...cluster.members].sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'pl'))) {
    bySector.set(m.organisation.sector, [...(bySector.get(m.organisation.sector) ?? []), m]);
  }
  return (
    <Stack gap="lg" data-testid="members">
      {[...bySector].map(([sector, members]) => (
        <section key={sector} aria-labelledby={`${idPrefix}-${sector}`}>
          <Title order={3} size="h5" id={`${idPrefix}-${sector}`} mb={4}>
            {t(`sector.${sector}` as MessageId)} ({f.number(members.length)})
          </Title>
            <Table striped withTableBorder verticalSpacing={4} fz="sm" style={{ tableLayout: 'fixed', overflowWrap: 'anywhere' }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('member.organisation')}</Table.Th>
                  <Table.Th>{t('member.representative')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.map((m) => (
                  <Table.Tr key={m.memberId} data-member={m.memberId} data-status={m.status}>
                    <Table.Td>
                      {m.organisation.name}
                      <Group gap={4} mt={2}>
                        {m.memberId === cluster.coordinator.memberId && <Badge color={tone.info}>{t('member.coordinator')}</Badge>}
                        {m.kind === 'honorary' && <Badge color={tone.accent}>{t('member.honorary')}</Badge>}
                        {m.status === 'withdrawn' && (
                          <Badge color={tone.muted}>{t('member.withdrawn', { date: m.withdrawal ? f.day(m.withdrawal.withdrawnOn) : '' })}</Badge>
                        )}
                        {cluster.charter.weightedVoting && <Badge variant="outline">{t('member.weight', { weight: m.votingWeight })}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <PersonName personId={m.representative.personId} />
                      <Text size="xs" c="dimmed">
                        {m.representative.role}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
        </section>
      ))}
    </Stack>
  );
}
