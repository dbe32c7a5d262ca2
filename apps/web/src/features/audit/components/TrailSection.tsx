import { Alert, Anchor, Badge, Button, Card, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { ErrorAlert } from '../../../components';
import type { TrailEntry, TrailFiltersQuery, TrailPage } from '../../../lib/api-types';
import { tone } from '../../../lib/colors';
import { useLocale } from '../../../lib/i18n/locale';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { room, useRoomLog } from '../../../lib/live/live-context';
import { downloadProof, trailAtEnd, useTrail } from '../api/audit';
import { TrailFilters } from './TrailFilters';

const later = (a: string, b: string) => BigInt(a) > BigInt(b);

/**
 * The audit trail: every act of the cluster in log order, filtered, a page at a time. Acts recorded
 * while it is open arrive over the cluster's live room: once the trail reaches the end of the log,
 * they are read and appended at once (marked new); before that, a notice says how many wait at the end.
 */
export function TrailSection({ clusterId, filters, onFilters }: { clusterId: string; filters: TrailFiltersQuery; onFilters: (next: TrailFiltersQuery) => void }) {
  const t = useT();
  const trail = useTrail(clusterId, filters);
  const pages = trail.data?.pages;
  const atEnd = trailAtEnd(pages);
  const entries = useMemo(() => pages?.flatMap((p: TrailPage) => p.entries) ?? [], [pages]);

  // Live: the cluster room's acts since the page followed it.
  const log = useRoomLog(room('cluster', clusterId));
  const [handled, setHandled] = useState('0');
  // The first position that came over the socket: entries from there on arrived live (marked new).
  const [liveFrom, setLiveFrom] = useState<string | null>(null);
  const waiting = log.filter((m) => later(m.position, handled));
  useEffect(() => {
    setHandled('0');
    setLiveFrom(null);
  }, [clusterId, filters]);
  useEffect(() => {
    if (!atEnd || trail.isFetching || waiting.length === 0) return;
    // The trail is read to the end: read what was recorded since (one more page after the last entry).
    setLiveFrom((from) => from ?? waiting[0].position);
    setHandled(waiting[waiting.length - 1].position);
    void trail.fetchNextPage();
  }, [atEnd, trail.isFetching, waiting.length]); // eslint-disable-line react-hooks/exhaustive-deps
  const isFresh = (e: TrailEntry) => liveFrom !== null && !later(liveFrom, e.position);
  const freshCount = entries.filter(isFresh).length;

  const loadToEnd = () => {
    if (waiting.length) setLiveFrom((from) => from ?? waiting[0].position);
    void trail.loadToEnd();
  };

  return (
    <Card withBorder component="section" aria-labelledby="trail-title">
      <Title order={2} size="h4" id="trail-title" mb="xs">
        {t('audit.trail.title')}
      </Title>
      <Stack gap="sm">
        {/* A refusal (not an auditor: 403; not a reader: 404) is all such a person sees here. */}
        {!(trail.error && !pages) && <TrailFilters filters={filters} onApply={onFilters} />}
        {trail.error && !pages ? (
          <ErrorAlert error={trail.error} />
        ) : !pages ? (
          <Text size="sm" role="status">
            {t('common.loading')}
          </Text>
        ) : (
          <>
            <Text size="sm" role="status" aria-live="polite" data-testid="trail-count">
              {t('audit.trail.shown', { count: entries.length, more: atEnd ? 'no' : 'yes' })}
              {freshCount > 0 && ` ${t('audit.trail.arrived', { count: freshCount })}`}
            </Text>
            {!atEnd && waiting.length > 0 && (
              <Alert variant="light" color={tone.info} data-testid="trail-waiting">
                <Group gap="xs" justify="space-between">
                  <Text size="sm">{t('audit.trail.waiting', { count: waiting.length })}</Text>
                  <Button size="xs" variant="light" onClick={loadToEnd} loading={trail.isFetchingNextPage}>
                    {t('audit.trail.toEnd')}
                  </Button>
                </Group>
              </Alert>
            )}
            {entries.length === 0 ? (
              <Text size="sm" data-testid="trail-empty">
                {t('audit.trail.empty')}
              </Text>
            ) : (
              <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('audit.trail.list')} data-testid="trail">
                {entries.map((e) => (
                  <TrailItem key={e.position} clusterId={clusterId} entry={e} fresh={isFresh(e)} onFilters={(patch) => onFilters({ ...filters, ...patch })} />
                ))}
              </Stack>
            )}
            {trail.error && <ErrorAlert error={trail.error} />}
            {!atEnd && (
              <Button variant="default" onClick={() => void trail.fetchNextPage()} loading={trail.isFetchingNextPage} data-testid="load-more" style={{ alignSelf: 'flex-start' }}>
                {t('audit.trail.more')}
              </Button>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

/** One act: in words in the person's language, who, when it occurred and was recorded, under which charter. */
function TrailItem({ clusterId, entry, fresh, onFilters }: { clusterId: string; entry: TrailEntry; fresh: boolean; onFilters: (patch: TrailFiltersQuery) => void }) {
  const t = useT();
  // The event's inclusion proof (its chain to the sealed head, the Merkle path to the seal), checked offline by `audit check-proof`.
  const proof = useMutation({ mutationFn: () => downloadProof(clusterId, entry.streamId, entry.revision) });
  const f = useFormat();
  const locale = useLocale();
  return (
    <Paper component="li" withBorder p="xs" data-testid="trail-entry" data-type={entry.type} data-position={entry.position} data-actor={entry.actor.personId} data-live={fresh || undefined}>
      <Group gap={6} mb={4} wrap="wrap">
        <Badge variant="light" color={tone.muted} tt="none">
          {entry.type}
        </Badge>
        <Text size="xs" c="dark.6">
          {entry.aggregate.name[locale]} {entry.aggregate.id && `· ${entry.aggregate.id}`}
        </Text>
        {fresh && (
          <Badge color={tone.info} size="sm">
            {t('audit.trail.new')}
          </Badge>
        )}
      </Group>
      <Text size="sm" fw={500} data-testid="trail-act">
        {entry.act[locale]}
      </Text>
      <Text size="xs" c="dark.6" mt={4} component="div">
        <Group gap={4} wrap="wrap">
          <span>{t('audit.trail.by')}</span>
          {entry.actor.system || entry.actor.erased ? (
            <span>{entry.actor.label[locale]}</span>
          ) : (
            <Anchor component="button" type="button" size="xs" onClick={() => onFilters({ actor: entry.actor.personId })} aria-label={t('audit.trail.byActor', { name: entry.actor.label[locale] })}>
              {entry.actor.label[locale]}
            </Anchor>
          )}
          <span>· {t('audit.trail.occurred', { at: f.dateTime(entry.occurredAt) })}</span>
          <span>· {t('audit.trail.recorded', { at: f.dateTime(entry.recordedAt) })}</span>
          <span>· {entry.charterVersion === null ? t('audit.trail.noCharter') : t('audit.trail.charter', { version: entry.charterVersion })}</span>
          {entry.reference && <span>· {t('audit.trail.reference', { reference: entry.reference })}</span>}
          <span>· {t('audit.trail.position', { position: entry.position })}</span>
          <Anchor component="button" type="button" size="xs" onClick={() => onFilters({ correlationId: entry.correlationId })} aria-label={t('audit.trail.sameCorrelation', { id: entry.correlationId })}>
            {t('audit.trail.correlation')}
          </Anchor>
          {entry.aggregate.kind !== 'seal' && (
            <Anchor component="button" type="button" size="xs" onClick={() => proof.mutate()} disabled={proof.isPending} aria-label={t('audit.trail.proofOf', { position: entry.position })} data-testid="proof">
              {t('audit.trail.proof')}
            </Anchor>
          )}
        </Group>
      </Text>
      {proof.error && <ErrorAlert error={proof.error} />}
    </Paper>
  );
}
