import { Alert, Anchor, Badge, Button, Card, Code, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../../../components';
import { ApiError } from '../../../lib/api-client';
import type { LatestSeal, VerificationView } from '../../../lib/api-types';
import { tone } from '../../../lib/colors';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useLatestSeal, useSealNow, useStartVerification, useVerification } from '../api/audit';

/** A 404 with this code is no refusal: nothing of the kind exists yet. */
const none = (error: Error | null, code: string) => error instanceof ApiError && error.status === 404 && error.code === code;

/** The record's integrity: verify every chain and seal (with progress), and the latest seal. */
export function IntegrityPanel({ clusterId }: { clusterId: string }) {
  const t = useT();
  return (
    <Card withBorder component="section" aria-labelledby="integrity-title">
      <Title order={2} size="h4" id="integrity-title" mb="xs">
        {t('audit.verify.title')}
      </Title>
      <Stack gap="md">
        <Verification clusterId={clusterId} />
        <SealSummary clusterId={clusterId} />
      </Stack>
    </Card>
  );
}

function Verification({ clusterId }: { clusterId: string }) {
  const t = useT();
  const f = useFormat();
  const job = useVerification(clusterId);
  const start = useStartVerification(clusterId);
  const running = job.data?.state === 'running';
  const refused = job.error && !none(job.error, 'no_verification') ? job.error : null;
  return (
    <Stack gap="xs" data-testid="verification">
      <Group gap="xs" justify="space-between">
        <Text size="sm" fw={600}>
          {t('audit.verify.subtitle')}
        </Text>
        <Button size="xs" onClick={() => start.mutate()} loading={start.isPending} disabled={running || !!refused} data-testid="run-verify">
          {t(job.data ? 'audit.verify.again' : 'audit.verify.run')}
        </Button>
      </Group>
      {refused && <ErrorAlert error={refused} />}
      {start.error && <ErrorAlert error={start.error} />}
      {!job.data && !refused && <Text size="sm">{t('audit.verify.never')}</Text>}
      {job.data && (
        <div aria-live="polite">
          {running && (
            <Stack gap={4} data-testid="verify-progress">
              <Progress value={job.data.percent} aria-label={t('audit.verify.progress')} animated />
              <Text size="xs">{t('audit.verify.running', { percent: job.data.percent / 100, events: job.data.eventsChecked })}</Text>
            </Stack>
          )}
          {job.data.state === 'failed' && (
            <Alert color="red" variant="light" role="alert" title={t('audit.verify.crashed')} data-testid="verify-result" data-ok="false">
              <Text size="sm" lang="en">
                {job.data.error}
              </Text>
            </Alert>
          )}
          {job.data.state === 'done' && job.data.result && <VerifyResult job={job.data} at={job.data.finishedAt ? f.dateTime(job.data.finishedAt) : ''} />}
        </div>
      )}
    </Stack>
  );
}

function VerifyResult({ job, at }: { job: VerificationView; at: string }) {
  const t = useT();
  const result = job.result!;
  const counts = t('audit.verify.counts', { events: job.eventsChecked, streams: result.streamsChecked, seals: result.sealsChecked, signatures: result.signaturesChecked });
  if (result.ok)
    return (
      <Alert color={tone.ok} variant="light" title={t('audit.verify.intact')} data-testid="verify-result" data-ok="true">
        <Text size="sm">
          {counts} {t('audit.verify.at', { at })}
        </Text>
      </Alert>
    );
  const first = result.firstProblem!;
  return (
    <Alert color="red" variant="light" role="alert" title={t('audit.verify.broken', { count: result.problems.length })} data-testid="verify-result" data-ok="false">
      <Stack gap={4}>
        <Text size="sm" fw={600} data-testid="verify-first-problem" data-kind={first.kind}>
          {t(`audit.verify.kind.${first.kind}` as MessageId)}
        </Text>
        <Text size="sm">
          {t('audit.verify.where', { stream: first.streamId, revision: first.revision ?? '—', position: first.position ?? '—', event: first.eventId ?? '—' })}
        </Text>
        {first.seal && <Text size="sm">{t('audit.verify.bySeal', { sequence: first.seal.sequence, position: first.seal.position })}</Text>}
        <Text size="sm">
          {t('error.reason')} <span lang="en">{first.detail}</span>
        </Text>
        <Text size="xs">
          {counts} {t('audit.verify.at', { at })}
        </Text>
      </Stack>
    </Alert>
  );
}

function SealSummary({ clusterId }: { clusterId: string }) {
  const t = useT();
  const seal = useLatestSeal(clusterId);
  const sealNow = useSealNow(clusterId);
  const unsealed = none(seal.error, 'no_seal');
  return (
    <Stack gap="xs" data-testid="latest-seal">
      <Group gap="xs" justify="space-between">
        <Text size="sm" fw={600}>
          {t('audit.seal.title')}
        </Text>
        {(seal.data || unsealed) && (
          <Button size="xs" variant="default" onClick={() => sealNow.mutate()} loading={sealNow.isPending} data-testid="seal-now">
            {t('audit.seal.now')}
          </Button>
        )}
      </Group>
      {sealNow.error && <ErrorAlert error={sealNow.error} />}
      {unsealed && <Text size="sm">{t('audit.seal.none')}</Text>}
      {seal.error && !unsealed && <ErrorAlert error={seal.error} />}
      {seal.data && <SealFacts seal={seal.data} />}
    </Stack>
  );
}

function SealFacts({ seal }: { seal: LatestSeal }) {
  const t = useT();
  const f = useFormat();
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="sm" data-testid="seal-sequence">
          {t('audit.seal.sequence', { sequence: seal.sequence, at: f.dateTime(seal.sealedAt) })}
        </Text>
        <Badge color={seal.signature ? tone.ok : tone.muted} data-testid="seal-signed" data-signed={!!seal.signature}>
          {t(seal.signature ? 'audit.seal.signed' : 'audit.seal.unsigned')}
        </Badge>
      </Group>
      <Text size="sm">{t('audit.seal.position', { position: seal.throughPosition, streams: seal.streams.length })}</Text>
      <Text size="sm" component="div">
        {t('audit.seal.root')}{' '}
        <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }} data-testid="seal-root">
          {seal.root}
        </Code>
      </Text>
      {seal.signature && (
        <Text size="xs">
          {t('audit.seal.key', { keyId: seal.signature.keyId })}{' '}
          {seal.publicKey && (
            <Anchor href="/.well-known/klaster-seal-key" target="_blank" rel="noopener" data-testid="seal-key">
              {t('audit.seal.publicKey')}
            </Anchor>
          )}
        </Text>
      )}
    </Stack>
  );
}
