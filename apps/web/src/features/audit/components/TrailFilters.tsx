import { Button, Collapse, Grid, Group, MultiSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useEffect, useId, useState } from 'react';
import type { TrailFiltersQuery } from '../../../lib/api-types';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useT } from '../../../lib/i18n/use-t';
import { AGGREGATE_KINDS, EVENT_TYPES } from '../hooks/use-trail-filters';

const MORE = ['occurredFrom', 'occurredTo', 'recordedFrom', 'recordedTo', 'correlationId'] as const;

const split = (aggregate: string | undefined) => {
  if (!aggregate) return { kind: null, id: '' };
  const at = aggregate.indexOf(':');
  return at < 0 ? { kind: aggregate, id: '' } : { kind: aggregate.slice(0, at), id: aggregate.slice(at + 1) };
};

/** The trail's filters as a form: nothing is read until the person applies them (one request, one URL). */
export function TrailFilters({ filters, onApply }: { filters: TrailFiltersQuery; onApply: (next: TrailFiltersQuery) => void }) {
  const t = useT();
  const [draft, setDraft] = useState(filters);
  // Dates and the operation id fold away (a phone would show a screenful of inputs); open when one is set.
  const [more, setMore] = useState(() => MORE.some((k) => !!filters[k]));
  const moreId = useId();
  // The URL changed (back button, a filter set from an entry): the form shows it.
  useEffect(() => setDraft(filters), [filters]);
  const aggregate = split(draft.aggregate);
  const set = (patch: Partial<TrailFiltersQuery>) => setDraft((d) => ({ ...d, ...patch }));
  const setAggregate = (kind: string | null, id: string) => set({ aggregate: kind ? (id.trim() ? `${kind}:${id.trim()}` : kind) : undefined });
  const date = (key: 'occurredFrom' | 'occurredTo' | 'recordedFrom' | 'recordedTo') => (
    <TextInput type="date" label={t(`audit.trail.filter.${key}` as MessageId)} value={draft[key]?.slice(0, 10) ?? ''} onChange={(e) => set({ [key]: e.currentTarget.value || undefined })} data-testid={`filter-${key}`} />
  );
  return (
    <form
      aria-label={t('audit.trail.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <Grid gap="xs">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <MultiSelect
            label={t('audit.trail.filter.type')}
            data={EVENT_TYPES}
            value={draft.type ? draft.type.split(',') : []}
            onChange={(types) => set({ type: types.length ? types.join(',') : undefined })}
            searchable
            clearable
            data-testid="filter-type"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('audit.trail.filter.actor')} description={t('audit.trail.filter.actorHint')} value={draft.actor ?? ''} onChange={(e) => set({ actor: e.currentTarget.value || undefined })} data-testid="filter-actor" />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 6 }}>
          <Select
            label={t('audit.trail.filter.aggregate')}
            data={AGGREGATE_KINDS.map((k) => ({ value: k, label: t(`audit.aggregate.${k}` as MessageId) }))}
            value={aggregate.kind}
            onChange={(kind) => setAggregate(kind, aggregate.id)}
            clearable
            data-testid="filter-aggregate"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 6 }}>
          <TextInput
            label={t('audit.trail.filter.aggregateId')}
            value={aggregate.id}
            disabled={!aggregate.kind}
            onChange={(e) => setAggregate(aggregate.kind, e.currentTarget.value)}
            data-testid="filter-aggregate-id"
          />
        </Grid.Col>
      </Grid>
      <Collapse expanded={more} id={moreId}>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs" verticalSpacing="xs" mt="xs">
          {date('occurredFrom')}
          {date('occurredTo')}
          {date('recordedFrom')}
          {date('recordedTo')}
        </SimpleGrid>
        <TextInput mt="xs" label={t('audit.trail.filter.correlationId')} value={draft.correlationId ?? ''} onChange={(e) => set({ correlationId: e.currentTarget.value || undefined })} data-testid="filter-correlation" />
      </Collapse>
      <Group gap="xs" mt="sm">
        <Button variant="subtle" onClick={() => setMore((m) => !m)} aria-expanded={more} aria-controls={moreId} data-testid="more-filters">
          {t(more ? 'audit.trail.fewer' : 'audit.trail.moreFilters')}
        </Button>
        <Button type="submit" data-testid="apply-filters">
          {t('audit.trail.apply')}
        </Button>
        <Button
          variant="default"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          {t('audit.trail.clear')}
        </Button>
      </Group>
    </form>
  );
}
