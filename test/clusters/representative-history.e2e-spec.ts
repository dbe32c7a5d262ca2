import { startTestServer, type TestServer } from '../support/test-server';
import { foundOtherCluster, foundSmallCluster } from '../support/small-cluster';
import { REPRESENTATIVES_IN_VIEW } from '../../apps/server/src/clusters/queries/representative-history';

type Entry = { personId: string; role: string; from: string; position: number };
type Page = { clusterId: string; memberId: string; total: number; cursor: number; entries: Entry[]; next: number; more: boolean };
type MemberView = { memberId: string; representative: { personId: string }; representativeHistory: { personId: string }[]; representativeHistoryTotal: number; representativeHistoryFrom: number };

/**
 * The cluster view carries only a member's latest representatives; the whole history is paged from
 * GET /api/clusters/{id}/members/{memberId}/representatives. Cluster org: m1..m5 (p1..p5; p1's m1
 * coordinates), founded 2023-01-10; another cluster `inny` (z1) for the outsider.
 */
describe("a member's history of representatives: bounded in the cluster view, paged in full", () => {
  let server: TestServer;
  /** Who has represented m2, oldest first, as this test recorded it. */
  const recorded = ['p2'];
  let changes = 0;
  const change = async (memberId = 'm2') => {
    const personId = `m2-rep-${++changes}`;
    const res = await server.call('POST', `/api/clusters/org/members/${memberId}/representative`, { as: 'p1', body: { representative: { personId, role: 'Prezes' } } });
    expect(res.status).toBe(200);
    recorded.push(personId);
  };
  const page = async (query: string, as: string | null = 'p3') => server.call('GET', `/api/clusters/org/members/m2/representatives${query}`, { as });
  const m2 = (view: { members: MemberView[] }) => view.members.find((m) => m.memberId === 'm2')!;

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'org');
    await foundOtherCluster(server);
    for (let i = 0; i < 3 * REPRESENTATIVES_IN_VIEW; i++) await change();
  });
  afterAll(() => server.close());

  it(`shows only the latest ${REPRESENTATIVES_IN_VIEW} in the cluster view, now and as of a day, with the whole length and where the slice starts`, async () => {
    const now = await server.call('GET', '/api/clusters/org', { as: 'p3' });
    expect(now.status).toBe(200);
    const member = m2(now.body);
    expect(member.representativeHistory.map((r) => r.personId)).toEqual(recorded.slice(-REPRESENTATIVES_IN_VIEW));
    expect(member.representativeHistoryTotal).toBe(recorded.length);
    expect(member.representativeHistoryFrom).toBe(recorded.length - REPRESENTATIVES_IN_VIEW);
    expect(member.representative.personId).toBe(recorded.at(-1));
    // A member with a short history shows all of it.
    expect(now.body.members.find((m: MemberView) => m.memberId === 'm3')).toMatchObject({ representativeHistory: [{ personId: 'p3' }], representativeHistoryTotal: 1, representativeHistoryFrom: 0 });

    const today = new Date().toISOString().slice(0, 10);
    const past = await server.call('GET', `/api/clusters/org?asOf=${today}`, { as: 'p3' });
    expect(past.status).toBe(200);
    expect(m2(past.body).representativeHistory).toHaveLength(REPRESENTATIVES_IN_VIEW);
    expect(m2(past.body).representativeHistoryTotal).toBe(recorded.length);
  });

  it('pages forward to the end without losing or repeating an entry while changes are being recorded', async () => {
    const seen: Entry[] = [];
    let cursor = 0;
    let appending = true;
    const appends = (async () => {
      for (let i = 0; i < 12; i++) await change();
      appending = false;
    })();
    // Page while the changes land; stop once the appends are done and a page says there is no more.
    let pages = 0;
    for (;;) {
      const stillAppending = appending;
      const res = await page(`?cursor=${cursor}&limit=7`);
      expect(res.status).toBe(200);
      const body = res.body as Page;
      expect(body.cursor).toBe(cursor);
      expect(body.entries.length).toBeLessThanOrEqual(7);
      expect(body.next).toBe(cursor + body.entries.length);
      seen.push(...body.entries);
      cursor = body.next;
      pages++;
      if (!body.more && !stillAppending) break;
    }
    await appends;
    expect(pages).toBeGreaterThan(1);
    expect(seen.map((e) => e.position)).toEqual(seen.map((_, i) => i));
    expect(seen.map((e) => e.personId)).toEqual(recorded);
    // The end of the history is a valid cursor: nothing yet, and what is recorded next appears there.
    const end = (await page(`?cursor=${cursor}`)).body as Page;
    expect(end).toMatchObject({ total: recorded.length, entries: [], next: cursor, more: false });
    await change();
    expect(((await page(`?cursor=${cursor}`)).body as Page).entries.map((e) => e.personId)).toEqual([recorded.at(-1)]);
  });

  it('answers the first 100 by default, each entry with when it took over', async () => {
    const body = (await page('')).body as Page;
    expect(body.cursor).toBe(0);
    expect(body.entries[0]).toEqual({ personId: 'p2', role: 'Prezes', from: '2023-01-10', position: 0 });
    expect(body.entries.length).toBe(Math.min(100, recorded.length));
  });

  it.each([
    ['a cursor that is not a position', '?cursor=abc', 'cursor'],
    ['a negative cursor', '?cursor=-1', 'cursor'],
    ['a cursor past the end of the history', '?cursor=100000', 'cursor'],
    ['a limit of 0', '?limit=0', 'limit'],
    ['a limit above 500', '?limit=501', 'limit'],
    ['a limit that is not a number', '?limit=all', 'limit'],
  ])('refuses %s with 400 naming it', async (_, query, field) => {
    const res = await page(query);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(res.body.issues.map((i: { path: string[] }) => i.path[0])).toContain(field);
  });

  it('answers an outsider 404, exactly as for a cluster or member that does not exist; and nobody without a token', async () => {
    const outsider = await page('', 'z1');
    expect(outsider.status).toBe(404);
    const noCluster = await server.call('GET', '/api/clusters/nie-ma/members/m2/representatives', { as: 'z1' });
    expect(noCluster.status).toBe(404);
    expect(outsider.body.code).toBe(noCluster.body.code);
    expect((await server.call('GET', '/api/clusters/org/members/nikt/representatives', { as: 'p3' })).status).toBe(404);
    expect((await page('', null)).status).toBe(401);
  });
});
