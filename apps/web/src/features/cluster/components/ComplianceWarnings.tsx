import { Alert, Anchor, List, Text } from '@mantine/core';
import { Link } from 'wouter';
import { QueryState } from '../../../components';
import { seg } from '../../../lib/api-client';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useCompliance } from '../api/cluster';

/** What the charter asks and the record does not show, this year: the server's compliance report. */
export function ComplianceWarnings({ clusterId }: { clusterId: string }) {
  const t = useT();
  const f = useFormat();
  const year = new Date().getFullYear();
  const report = useCompliance(clusterId, year);
  return (
    <QueryState query={report}>
      {(c) => {
        const warnings = [
          ...c.council.periodsWithoutCouncilMeeting.map((p) => <span key={`p-${p}`}>{t('compliance.noCouncil', { period: p, year: c.year })}</span>),
          ...c.groupsBelowMinimumSize.map((g) => (
            <span key={`g-${g.groupId}`}>
              {t('compliance.groupBelow', { name: g.name, count: g.memberCount, minimum: g.minimumGroupSize })}{' '}
              <Anchor component={Link} to={`/groups/${seg(g.groupId)}`}>
                {t('compliance.open')}
              </Anchor>
            </span>
          )),
          ...c.yearsWithoutAbsolution.map((y) => <span key={`y-${y.year}`}>{t(y.absolution === 'refused' ? 'compliance.absolutionRefused' : 'compliance.noAbsolution', { year: String(y.year) })}</span>),
          ...c.overdueTasks.map((task) => (
            <span key={`t-${task.groupId}-${task.taskId}`}>
              {t('compliance.overdueTask', { title: task.title, group: task.groupName, date: f.day(task.deadline) })}{' '}
              <Anchor component={Link} to={`/groups/${seg(task.groupId)}`}>
                {t('compliance.open')}
              </Anchor>
            </span>
          )),
        ];
        if (warnings.length === 0) return <Text size="sm">{t('compliance.none', { year: String(c.year) })}</Text>;
        return (
          <Alert color="orange" variant="light" title={t('compliance.title', { count: warnings.length, year: String(c.year) })} data-testid="compliance">
            <List size="sm" spacing={2}>
              {warnings.map((w) => (
                <List.Item key={w.key}>{w}</List.Item>
              ))}
            </List>
          </Alert>
        );
      }}
    </QueryState>
  );
}
