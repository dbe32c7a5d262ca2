import { createPublicKey } from 'node:crypto';
import { mintToken } from '@klaster/identity';
import { auditLog, checkInclusionProof, verifyExport } from '@klaster/audit';
import { SqliteEventStore } from '@klaster/event-store';
import { join } from 'node:path';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { auditedCluster, download, pdfText } from './audit-fixture';

const token = (p: string) => mintToken(TEST_SECRET, p);

describe('erasing a person leaves the record checkable and its documents readable', () => {
  let server: TestServer;
  let meetingId: string;
  beforeAll(async () => {
    server = await startTestServer({ SEAL_INTERVAL: '0' });
    ({ meetingId } = await auditedCluster(server));
  });
  afterAll(() => server.close());

  it('keeps every chain, seal and proof valid and shows the person as erased', async () => {
    const key = createPublicKey((await download(server, '/.well-known/klaster-seal-key', null, token)).bytes.toString());
    const before = await server.call('GET', '/api/clusters/kl/audit/proof?stream=resolutions-kl&revision=0', { as: 'aud' });
    const exportBefore = (await download(server, '/api/clusters/kl/audit/export.jsonl', 'aud', token)).bytes.toString();
    const minutesBefore = await pdfText((await download(server, `/api/clusters/kl/documents/meetings/${meetingId}/minutes`, 'aud', token)).bytes);
    expect(minutesBefore).toContain('Łucja Żółkiewska-Ślęzak');

    expect((await server.call('DELETE', '/api/people/p2', { as: 'p2' })).status).toBe(204);

    // The proof given before still holds, and so does a new one, under the same seal.
    expect(checkInclusionProof(before.body, { publicKey: key }).ok).toBe(true);
    const after = await server.call('GET', '/api/clusters/kl/audit/proof?stream=resolutions-kl&revision=0', { as: 'aud' });
    expect(after.body.seal.id).toBe(before.body.seal.id);
    expect(checkInclusionProof(after.body, { publicKey: key }).ok).toBe(true);
    // The export: the same events and seal, the person's name gone from its words.
    const exportAfter = (await download(server, '/api/clusters/kl/audit/export.jsonl', 'aud', token)).bytes.toString();
    expect(await verifyExport(exportAfter.trimEnd().split('\n'), { publicKey: key })).toMatchObject({ ok: true });
    const events = (text: string) => text.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l).event.metadata.hash);
    expect(events(exportAfter)).toEqual(events(exportBefore));
    expect(exportBefore).toContain('Łucja Żółkiewska-Ślęzak');
    expect(exportAfter).not.toContain('Łucja');
    const trail = await server.call('GET', '/api/clusters/kl/audit/trail?actor=p2&limit=1', { as: 'aud' });
    expect(trail.body.entries[0].actor).toMatchObject({ personId: 'p2', name: null, erased: true, label: { pl: 'osoba usunięta', en: 'erased person' } });
    // The documents stay readable, the person shown as erased.
    const minutesAfter = await pdfText((await download(server, `/api/clusters/kl/documents/meetings/${meetingId}/minutes`, 'aud', token)).bytes);
    expect(minutesAfter).toContain('Organizacja 2 — osobiście; reprezentował(a): osoba usunięta');
    expect(minutesAfter).not.toContain('Łucja');
    // And the log verifies as it did, seals and signatures included.
    const store = SqliteEventStore.open({ path: join(server.dataDir, 'events.sqlite') });
    try {
      const report = await auditLog(store, { publicKey: key });
      expect(report).toMatchObject({ ok: true, problems: [] });
      expect(report.signaturesChecked).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
