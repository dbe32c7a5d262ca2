import { ActionIcon, Alert, Button, Card, CopyButton, Group, Select, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../../components';
import type { ClusterView, InvitationRole, IssuedInvitation } from '../../../lib/api-types';
import type { MessageId } from '../../../lib/i18n/i18n-provider';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useIssueInvitation, useOpenInvitations, useRevokeInvitation } from '../api/invitations';

const roles: InvitationRole[] = ['representative', 'auditor', 'registrar'];

/**
 * The coordinator's invitations: invite someone to represent a member, to audit or to keep the
 * register; the link is shown once, to pass on (and e-mailed when the server can); the open ones
 * are listed and can be revoked.
 */
export function InvitationsPanel({ cluster }: { cluster: ClusterView }) {
  const t = useT();
  const format = useFormat();
  const open = useOpenInvitations(cluster.clusterId);
  const issue = useIssueInvitation(cluster.clusterId);
  const revoke = useRevokeInvitation(cluster.clusterId);
  const [role, setRole] = useState<InvitationRole>('representative');
  const [memberId, setMemberId] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [issued, setIssued] = useState<IssuedInvitation['invitation'] | null>(null);
  const members = cluster.members.filter((m) => m.status === 'active').map((m) => ({ value: m.memberId, label: m.organisation.name }));
  const submit = () =>
    issue.mutate(
      { role, ...(role === 'representative' && memberId ? { memberId } : {}), ...(email.trim() ? { email: email.trim() } : {}) },
      { onSuccess: (answer) => setIssued(answer.invitation) },
    );
  return (
    <Card withBorder component="section" aria-labelledby="invitations-title">
      <Title order={2} size="h4" id="invitations-title" mb="xs">
        {t('invitations.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="xs">
          <Select
            label={t('invitations.role')}
            data={roles.map((r) => ({ value: r, label: t(`invitations.role.${r}` as MessageId) }))}
            value={role}
            onChange={(v) => v && setRole(v as InvitationRole)}
            allowDeselect={false}
            data-testid="invite-role"
          />
          {role === 'representative' && <Select label={t('invitations.member')} data={members} value={memberId} onChange={setMemberId} required searchable data-testid="invite-member" />}
          <TextInput type="email" label={t('invitations.email')} description={t('invitations.emailHelp')} value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <Button type="submit" loading={issue.isPending} disabled={role === 'representative' && !memberId} style={{ alignSelf: 'flex-start' }} data-testid="invite-submit">
            {t('invitations.submit')}
          </Button>
          {issue.error && <ErrorAlert error={issue.error} />}
        </Stack>
      </form>
      {issued && (
        <Alert color="green" variant="light" mt="md" title={t('invitations.issued')} data-testid="invitation-issued">
          <Text size="sm" mb="xs">
            {t(issued.emailed ? 'invitations.issuedEmailed' : 'invitations.issuedHelp', { date: format.dateTime(issued.expiresAt) })}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <TextInput readOnly value={issued.link} aria-label={t('invitations.link')} style={{ flex: 1 }} data-testid="invitation-link" onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={issued.link}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('invitations.copied') : t('invitations.copy')}>
                  <ActionIcon variant="default" size="lg" onClick={copy} aria-label={t('invitations.copy')}>
                    {copied ? '✓' : '⧉'}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <Title order={3} size="h5" mt="lg" mb="xs">
        {t('invitations.open')}
      </Title>
      {open.data && open.data.length === 0 && <Text size="sm">{t('invitations.none')}</Text>}
      {open.data && open.data.length > 0 && (
        <Table data-testid="open-invitations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('invitations.role')}</Table.Th>
              <Table.Th>{t('invitations.issuedAt')}</Table.Th>
              <Table.Th>{t('invitations.expiresAt')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {open.data.map((i) => (
              <Table.Tr key={i.invitationId}>
                <Table.Td>{t(`invitation.role.${i.role}` as MessageId, { organisation: i.organisation ?? '' })}</Table.Td>
                <Table.Td>{format.dateTime(i.issuedAt)}</Table.Td>
                <Table.Td>{format.dateTime(i.expiresAt)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" color="red" loading={revoke.isPending && revoke.variables === i.invitationId} onClick={() => revoke.mutate(i.invitationId)}>
                    {t('invitations.revoke')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {revoke.error && <ErrorAlert error={revoke.error} />}
      {open.error && <ErrorAlert error={open.error} />}
    </Card>
  );
}
