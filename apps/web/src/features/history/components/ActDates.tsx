import { Text, type TextProps } from '@mantine/core';
import { PersonName } from '../../../components';
import type { RecordedAct } from '../../../lib/api-types';
import { useFormat, useT } from '../../../lib/i18n/use-t';

/**
 * Both times of an act recorded after the fact: "occurred 12 March 2016 · recorded 1 December 2026
 * by …, per protokół nr 3/2016" — days in the cluster's time zone and the chosen locale. What Klaster
 * itself recorded as a consequence (a resolution's number; the actor `$klaster`) says so.
 */
export function ActDates({ act, ...props }: { act: RecordedAct } & TextProps) {
  const t = useT();
  const f = useFormat();
  return (
    <Text size="sm" {...props} data-testid="act-dates" data-occurred={act.occurredAt} data-recorded={act.recordedAt}>
      {t('act.occurred', { date: f.date(act.occurredAt) })} · {t('act.recorded', { date: f.date(act.recordedAt) })} {act.recordedBy.startsWith('$') ? t('act.bySystem') : <>{t('act.recordedBy')} <PersonName personId={act.recordedBy} /></>}
      {act.reference && <>, {t('act.per', { reference: act.reference })}</>}
    </Text>
  );
}
