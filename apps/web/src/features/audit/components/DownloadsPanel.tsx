import { Card, Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { TrailFiltersQuery } from '../../../lib/api-types';
import { useLocale } from '../../../lib/i18n/locale';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useMeetings } from '../../meeting/api/meeting';
import { useGroups } from '../../group/api/group';
import { documents, downloadExport, useAgreementVersions, useSealsChanged } from '../api/audit';
import { DownloadButton } from '../../../components/DownloadButton';

const BODIES = ['council', 'general_meeting', 'forum'] as const;

/** The trail's exports (with the filters shown) and the PDF documents drawn from the sealed record. */
export function DownloadsPanel({ clusterId, filters, today }: { clusterId: string; filters: TrailFiltersQuery; today: string }) {
  const t = useT();
  const filtered = Object.keys(filters).length > 0;
  // An export or a document seals the record first when its latest seal is behind: show the new seal.
  const sealed = useSealsChanged(clusterId);
  return (
    <Card withBorder component="section" aria-labelledby="downloads-title">
      <Title order={2} size="h4" id="downloads-title" mb="xs">
        {t('audit.exports.title')}
      </Title>
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('audit.exports.trail')}
          </Text>
          <Text size="xs">{t(filtered ? 'audit.exports.filtered' : 'audit.exports.whole')}</Text>
          <Group gap="xs" align="flex-start">
            <DownloadButton download={() => downloadExport(clusterId, 'csv', filters)} onDone={sealed} data-testid="export-csv">
              {t('audit.exports.csv')}
            </DownloadButton>
            <DownloadButton download={() => downloadExport(clusterId, 'jsonl', filters)} onDone={sealed} data-testid="export-jsonl">
              {t('audit.exports.jsonl')}
            </DownloadButton>
          </Group>
        </Stack>
        <MinutesPdf clusterId={clusterId} onDone={sealed} />
        <RegisterPdf clusterId={clusterId} year={Number(today.slice(0, 4))} onDone={sealed} />
        <AgreementPdf clusterId={clusterId} onDone={sealed} />
      </Stack>
    </Card>
  );
}

function MinutesPdf({ clusterId, onDone }: { clusterId: string; onDone: () => void }) {
  const t = useT();
  const f = useFormat();
  const lang = useLocale();
  const meetings = useMeetings(clusterId);
  const [meetingId, setMeetingId] = useState<string | null>(null);
  const options = [...(meetings.data ?? [])].sort((a, b) => b.scheduledFor.localeCompare(a.scheduledFor)).map((m) => ({ value: m.meetingId, label: `${m.title} (${f.date(m.scheduledFor)})` }));
  return (
    <Stack gap={4}>
      <Select label={t('audit.pdf.meeting')} data={options} value={meetingId} onChange={setMeetingId} searchable data-testid="pdf-meeting" />
      <DownloadButton download={() => documents.minutes(clusterId, meetingId!, lang)} disabled={!meetingId} onDone={onDone} data-testid="pdf-minutes">
        {t('audit.pdf.minutes')}
      </DownloadButton>
    </Stack>
  );
}

function RegisterPdf({ clusterId, year: thisYear, onDone }: { clusterId: string; year: number; onDone: () => void }) {
  const t = useT();
  const lang = useLocale();
  const groups = useGroups(clusterId);
  const [body, setBody] = useState<string | null>('council');
  const [year, setYear] = useState<number | string>(thisYear);
  const options = [
    ...BODIES.map((b) => ({ value: b, label: t(`audit.body.${b}` as MessageId) })),
    ...(groups.data ?? []).map((g) => ({ value: `group:${g.groupId}`, label: t('audit.body.group', { name: g.name }) })),
  ];
  return (
    <Stack gap={4}>
      <Group gap="xs" grow>
        <Select label={t('audit.pdf.body')} data={options} value={body} onChange={setBody} allowDeselect={false} data-testid="pdf-body" />
        <NumberInput label={t('audit.pdf.year')} value={year} onChange={setYear} min={1990} max={thisYear} allowDecimal={false} thousandSeparator="" data-testid="pdf-year" />
      </Group>
      <DownloadButton download={() => documents.register(clusterId, body!, Number(year), lang)} disabled={!body || !year} onDone={onDone} data-testid="pdf-register">
        {t('audit.pdf.register')}
      </DownloadButton>
    </Stack>
  );
}

function AgreementPdf({ clusterId, onDone }: { clusterId: string; onDone: () => void }) {
  const t = useT();
  const f = useFormat();
  const lang = useLocale();
  const versions = useAgreementVersions(clusterId);
  const [version, setVersion] = useState<string | null>(null);
  const options = (versions.data ?? []).map((v) => ({ value: String(v.version), label: t('audit.versions.option', { version: v.version, date: v.inForceSince ? f.day(v.inForceSince) : '—' }) }));
  const chosen = version ?? options[options.length - 1]?.value ?? null;
  return (
    <Stack gap={4}>
      <Select label={t('audit.pdf.version')} data={options} value={chosen} onChange={setVersion} allowDeselect={false} data-testid="pdf-version" />
      <DownloadButton download={() => documents.agreement(clusterId, Number(chosen), lang)} disabled={!chosen} onDone={onDone} data-testid="pdf-agreement">
        {t('audit.pdf.agreement')}
      </DownloadButton>
    </Stack>
  );
}
