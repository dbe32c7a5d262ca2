import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '@klaster/identity';
import { SqliteEventStore } from '@klaster/event-store';
import { killLeftovers, startServerProcess } from '../support/server-process';
import { TEST_SECRET } from '../support/test-server';

/** A plain HTTP client for a server running in another process. */
function client(url: string) {
  return async (method: string, path: string, as: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await mintToken(TEST_SECRET, as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
  };
}

async function closedVoteAwaitingItsNumber(url: string): Promise<void> {
  const call = client(url);
  const members = ['m1', 'm2', 'm3'].map((m, i) => ({ memberId: m, organisation: { name: `Org ${i}`, sector: 'business' }, representative: { personId: `p${i + 1}`, role: 'Prezes' } }));
  const founded = await call('POST', '/api/clusters', 'p1', {
    clusterId: 'kr',
    name: 'Klaster',
    foundedOn: '2020-01-01',
    coordinatorMemberId: 'm1',
    foundingMembers: members,
    agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
  });
  expect(founded.status).toBe(201);
  const meeting = { meetingId: 'kr.rada', kind: 'council', title: 'Rada', scheduledFor: '2024-03-14T10:00:00Z', venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }] };
  expect((await call('POST', '/api/clusters/kr/meetings', 'p1', meeting)).status).toBe(201);
  expect((await call('POST', '/api/meetings/kr.rada/opening', 'p1', {})).status).toBe(201);
  for (const p of ['1', '2']) expect((await call('POST', '/api/meetings/kr.rada/attendance', `p${p}`, { memberId: `m${p}`, presence: 'in_person' })).status).toBe(201);
  expect((await call('POST', '/api/meetings/kr.rada/votes', 'p1', { voteId: 'v1', agendaItemId: 'a1', motion: 'Przyjmuje się plan' })).status).toBe(201);
  expect((await call('POST', '/api/meetings/kr.rada/votes/v1/ballots', 'p2', { memberId: 'm2', choice: 'yes' })).status).toBe(201);
}

async function eventsOfType(dataDir: string, type: string): Promise<number> {
  const store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
  try {
    let n = 0;
    for await (const e of store.readAll()) if (e.type === type) n++;
    return n;
  } finally {
    await store.close();
  }
}

describe('a crash between a vote\'s close and its numbering', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'klaster-crash-'))));
  afterEach(async () => {
    await killLeftovers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['before the reactor wrote the number', 'reactor-before-append'],
    ['after the reactor wrote the number, before it saved its checkpoint', 'reactor-after-append'],
  ])('%s: after the restart the number appears exactly once', async (_when, fault) => {
    const crashing = await startServerProcess({ DATA_DIR: dataDir, KLASTER_FAULT: fault });
    await closedVoteAwaitingItsNumber(crashing.url);
    // The close is acknowledged only with its consequences, so the answer never comes: the process dies.
    const close = client(crashing.url)('POST', '/api/meetings/kr.rada/votes/v1/closing', 'p1', {}).catch((e: Error) => e);
    await crashing.exited;
    expect(crashing.child.signalCode).toBe('SIGKILL');
    expect(String(await close)).toMatch(/fetch failed/);
    expect(await eventsOfType(dataDir, 'VoteClosed')).toBe(1);

    const restarted = await startServerProcess({ DATA_DIR: dataDir });
    try {
      const call = client(restarted.url);
      let meeting: { body: { votes: { result?: { resolution?: { number: string } } }[] } } | undefined;
      for (let i = 0; i < 100 && !meeting?.body.votes[0].result?.resolution; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        meeting = await call('GET', '/api/meetings/kr.rada', 'p1');
      }
      expect(meeting?.body.votes[0].result?.resolution?.number).toMatch(/^1\/\d{4}$/);
      expect((await call('GET', '/api/clusters/kr/resolutions', 'p1')).body).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
    expect(await eventsOfType(dataDir, 'ResolutionNumberAssigned')).toBe(1);
    expect(await eventsOfType(dataDir, 'ResolutionNumbered')).toBe(1);
  }, 180_000);
});
