import { Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert, PageTitle } from '../../../components';
import { useFormat, useT } from '../../../lib/i18n/use-t';
import { useSession } from '../../../lib/session';
import { signOutEverywhere, useAddDevice, useDevices, useRemoveDevice } from '../api/devices';

/** The person's passkeys (one per device): add this device, remove one, sign out everywhere. */
export function DevicesPage() {
  const t = useT();
  const format = useFormat();
  const session = useSession();
  const devices = useDevices();
  const add = useAddDevice();
  const remove = useRemoveDevice();
  const everywhere = useMutation({ mutationFn: signOutEverywhere });
  const [label, setLabel] = useState('');
  return (
    <Stack>
      <PageTitle>{t('devices.title')}</PageTitle>
      <Text>{t('devices.intro')}</Text>
      <Card withBorder component="section" aria-labelledby="devices-list">
        <Title order={2} size="h4" id="devices-list" mb="xs">
          {t('devices.list')}
        </Title>
        {devices.data && devices.data.length === 0 && <Text size="sm">{t('devices.none')}</Text>}
        {devices.data && devices.data.length > 0 && (
          <Table data-testid="devices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('devices.label')}</Table.Th>
                <Table.Th>{t('devices.added')}</Table.Th>
                <Table.Th>{t('devices.lastUsed')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {devices.data.map((d) => (
                <Table.Tr key={d.credentialId}>
                  <Table.Td>{d.label}</Table.Td>
                  <Table.Td>{format.dateTime(d.createdAt)}</Table.Td>
                  <Table.Td>{d.lastUsedAt ? format.dateTime(d.lastUsedAt) : '—'}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => remove.mutate(d.credentialId)} loading={remove.isPending && remove.variables === d.credentialId} aria-label={t('devices.removeOne', { label: d.label })}>
                      {t('devices.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {remove.error && <ErrorAlert error={remove.error} />}
        {devices.error && <ErrorAlert error={devices.error} />}
      </Card>
      <Card withBorder component="section" aria-labelledby="devices-add">
        <Title order={2} size="h4" id="devices-add" mb="xs">
          {t('devices.add')}
        </Title>
        <Group align="flex-end">
          <TextInput label={t('devices.label')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
          <Button onClick={() => add.mutate(label.trim() || t('invitation.deviceDefault'))} loading={add.isPending} data-testid="add-device">
            {t('devices.addSubmit')}
          </Button>
        </Group>
        {add.error && <ErrorAlert error={add.error} />}
      </Card>
      {session?.kind === 'cookie' && (
        <Card withBorder component="section" aria-labelledby="devices-everywhere">
          <Title order={2} size="h4" id="devices-everywhere" mb="xs">
            {t('devices.everywhere')}
          </Title>
          <Text size="sm" mb="sm">
            {t('devices.everywhereHelp')}
          </Text>
          <Button color="red" variant="light" onClick={() => everywhere.mutate()} loading={everywhere.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('devices.everywhereSubmit')}
          </Button>
          {everywhere.error && <ErrorAlert error={everywhere.error} />}
        </Card>
      )}
    </Stack>
  );
}
