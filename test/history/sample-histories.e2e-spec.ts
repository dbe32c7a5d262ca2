import { readFileSync } from 'node:fs';
import { SqliteEventStore } from '@klaster/event-store';
import { join } from 'node:path';
import { SAMPLE_HISTORIES, sampleHistoryPath } from '../../apps/server/src/demo/history/sample-histories';
import { ImportRunner } from '../../apps/server/src/imports/import-runner';
import { startTestServer, type TestServer } from '../support/test-server';

/** The sample history files shipped with Klaster (seed 004, the demo; seed 002, an honorary member and a leader election). */
describe('the sample history files', () => {
  let server: TestServer;
  const head = async () => {
    const store = SqliteEventStore.open({ path: join(server.dataDir, 'events.sqlite') });
    try {
      return await store.headPosition();
    } finally {
      await store.close();
    }
  };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each(SAMPLE_HISTORIES.map((s) => [s.file, s]))('%s is exactly what its builder writes (npm run demo:histories)', (_, sample) => {
    expect(readFileSync(sampleHistoryPath(sample.file), 'utf8')).toBe(sample.build());
  });

  it.each(SAMPLE_HISTORIES.map((s) => [s.file, s]))('%s passes a dry run as its coordinator, every act listed, nothing written', async (_, sample) => {
    const text = readFileSync(sampleHistoryPath(sample.file), 'utf8');
    const before = await head();
    const report = await server.app.get(ImportRunner).run(text, { actor: sample.coordinator, dryRun: true });
    expect(report.refused).toBeUndefined();
    expect(report.recorded.map((a) => a.line)).toEqual(text.trimEnd().split('\n').map((_, i) => i + 1));
    expect(await head()).toBe(before);
    expect((await server.call('GET', `/api/clusters/${sample.clusterId}`, { as: sample.coordinator })).status).toBe(404);
  });

  describe('seed 002 imported: Toruń an honorary member from 23 February 2015, the leader elected by the general meeting of 2016', () => {
    const as = { as: 'maria-karwowska' };
    beforeAll(async () => {
      const report = await server.app.get(ImportRunner).run(readFileSync(sampleHistoryPath('seed-002-ktmiu.jsonl'), 'utf8'), { actor: 'maria-karwowska', dryRun: false });
      expect(report.refused).toBeUndefined();
    });

    it('Toruń joins as honorary on its day, and attends the general meeting without a vote', async () => {
      const kinds = async (day: string) => (await server.call('GET', `/api/clusters/ktmiu?asOf=${day}`, as)).body.members.map((m: { memberId: string; kind: string }) => `${m.memberId}:${m.kind}`);
      expect(await kinds('2013-07-01')).toHaveLength(10);
      expect(await kinds('2015-02-22')).not.toContainEqual(expect.stringMatching(/^torun/));
      expect(await kinds('2015-02-23')).toContain('torun:honorary');
      const bodies = (await server.call('GET', '/api/clusters/ktmiu/bodies?asOf=2015-06-18', as)).body.bodies as { kind: string; voting: number; members: { memberId: string; votes: boolean }[] }[];
      const general = bodies.find((b) => b.kind === 'general_meeting')!;
      expect(general.members.find((m) => m.memberId === 'torun')).toMatchObject({ votes: false });
      expect(general.voting).toBe(12);
      const gm = (await server.call('GET', '/api/meetings/ktmiu.ozc-2015', as)).body;
      // Ten voting members present (Toruń attends, without a vote): counts from the minutes add up to ten.
      expect(gm.votes.map((v: { result: { resolution: { number: string }; fromMinutes: string } }) => [v.result.resolution.number, v.result.fromMinutes])).toEqual([
        ['1/2015', 'Protokół nr 1/2015'],
        ['2/2015', 'Protokół nr 1/2015'],
      ]);
    });

    it('the election of 30 June 2016 elected the leader, a numbered resolution of the general meeting of 2016', async () => {
      const election = (await server.call('GET', '/api/elections/ktmiu.lider-2016', as)).body;
      expect(election).toMatchObject({ status: 'elected', resolution: { number: '2/2016', body: 'general_meeting', year: 2016 } });
      const register = (await server.call('GET', '/api/clusters/ktmiu/resolutions', as)).body as { number: string; voteId?: string; electionId?: string }[];
      expect(register.map((r) => `${r.number} ${r.voteId ?? r.electionId}`)).toEqual(['1/2015 kongres', '2/2015 oferta', '1/2016 sprawozdanie-kongres', '2/2016 ktmiu.lider-2016']);
      expect((await server.call('GET', '/api/clusters/ktmiu?asOf=2016-07-01', as)).body.coordinator.memberId).toBe('lewiatan');
      // Toruń had no ballot: eleven of the twelve voting members chose a candidate, one abstained.
      const read = (await server.call('GET', '/api/clusters/ktmiu/resolutions/general_meeting/2-2016', as)).body;
      expect(read.election.round).toMatchObject({ counts: expect.arrayContaining([{ memberId: 'lewiatan', votes: 8 }, { memberId: 'umk', votes: 3 }]), abstain: 1, cast: 12 });
      expect(read.occurredAt).toBe('2016-06-30T10:20:00.000Z');
    });
  });
});
