import { Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { diffWords } from 'diff';
import { useMemo, useState } from 'react';
import { QueryState } from '../../../components';
import type { AgreementVersion } from '../../../lib/api-types';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useAgreementVersions } from '../api/audit';

const plain = (v: AgreementVersion) => [v.title, ...v.sections.map((s) => `${s.number} ${s.title}\n${s.text}`)].join('\n\n');

/** Any two versions of the agreement side by side as one text, word by word: what was added and removed. */
export function VersionDiff({ clusterId }: { clusterId: string }) {
  const t = useT();
  const versions = useAgreementVersions(clusterId);
  return (
    <Card withBorder component="section" aria-labelledby="versions-title">
      <Title order={2} size="h4" id="versions-title" mb="xs">
        {t('audit.versions.title')}
      </Title>
      <QueryState query={versions}>{(list) => <Diff versions={list} />}</QueryState>
    </Card>
  );
}

function Diff({ versions }: { versions: AgreementVersion[] }) {
  const t = useT();
  const f = useFormat();
  const options = versions.map((v) => ({ value: String(v.version), label: t('audit.versions.option', { version: v.version, date: v.inForceSince ? f.day(v.inForceSince) : '—' }) }));
  const [from, setFrom] = useState(String(versions[Math.max(0, versions.length - 2)]?.version ?? ''));
  const [to, setTo] = useState(String(versions[versions.length - 1]?.version ?? ''));
  const parts = useMemo(() => {
    const a = versions.find((v) => String(v.version) === from);
    const b = versions.find((v) => String(v.version) === to);
    return a && b ? diffWords(plain(a), plain(b)) : [];
  }, [versions, from, to]);
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  const added = parts.filter((p) => p.added).reduce((n, p) => n + words(p.value), 0);
  const removed = parts.filter((p) => p.removed).reduce((n, p) => n + words(p.value), 0);
  return (
    <Stack gap="xs">
      <Group grow align="flex-end">
        <Select label={t('audit.versions.from')} data={options} value={from} onChange={(v) => v && setFrom(v)} allowDeselect={false} data-testid="diff-from" />
        <Select label={t('audit.versions.to')} data={options} value={to} onChange={(v) => v && setTo(v)} allowDeselect={false} data-testid="diff-to" />
      </Group>
      <Text size="sm" data-testid="diff-summary" aria-live="polite">
        {t('audit.versions.summary', { added, removed })}
      </Text>
      <div className="klaster-diff" data-testid="diff" style={{ whiteSpace: 'pre-wrap', fontSize: 'var(--mantine-font-size-sm)', lineHeight: 1.6 }}>
        {parts.map((p, i) =>
          p.added ? (
            <ins key={i} aria-label={t('audit.versions.added')}>
              {p.value}
            </ins>
          ) : p.removed ? (
            <del key={i} aria-label={t('audit.versions.removed')}>
              {p.value}
            </del>
          ) : (
            <span key={i}>{p.value}</span>
          ),
        )}
      </div>
    </Stack>
  );
}
