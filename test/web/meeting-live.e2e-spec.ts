import type { Page } from 'playwright-core';
import { LiveGateway } from '../../apps/server/src/live/live.gateway';
import { startWebRig, type WebRig } from './support/browser';

const COORDINATOR = 'elzbieta-nowakowska';
/** anna-kowalska represents „APROPO’S”, piotr-nowak „ARKA”; both council members of the demo cluster. */
const ANNA = { personId: 'anna-kowalska', memberId: 'apropos' };
const PIOTR = { personId: 'piotr-nowak', memberId: 'arka' };
const PRESENT = ['apropos', 'arka', 'babiniec', 'bajkowa-kraina', 'cwss-mops', 'dar', 'eco-green', 'eco-stean', 'eko-free', 'g-ural', 'wama-coop'];
const representativeOf: Record<string, string> = {
  babiniec: 'maria-wisniewska',
  'bajkowa-kraina': 'katarzyna-wojcik',
  'cwss-mops': 'tomasz-kaminski',
  dar: 'jan-lewandowski',
  'eco-green': 'agnieszka-zielinska',
};

describe('the meeting in the browser, live (two people, a dropped socket)', () => {
  let rig: WebRig;
  let anna: Page;
  let piotr: Page;
  const meetingId = 'wm-kes.rada-live-test';

  /** The coordinator convenes and opens a council meeting, records who is present and opens a vote. */
  async function meetingWithOpenVote(voteId: string, motion: string) {
    const c = { as: COORDINATOR };
    const ok = (r: { status: number; body: unknown }) => expect([r.status, r.body]).toEqual([201, expect.anything()]);
    if ((await rig.server.call('GET', `/api/meetings/${meetingId}`, c)).status === 404) {
      ok(await rig.server.call('POST', '/api/clusters/wm-kes/meetings', { ...c, body: { meetingId, kind: 'council', title: 'Posiedzenie Rady — test na żywo', scheduledFor: new Date().toISOString(), venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'uchwaly', title: 'Uchwały' }] } }));
      ok(await rig.server.call('POST', `/api/meetings/${meetingId}/opening`, c));
      for (const memberId of PRESENT) ok(await rig.server.call('POST', `/api/meetings/${meetingId}/attendance`, { ...c, body: { memberId, presence: 'in_person' } }));
    }
    ok(await rig.server.call('POST', `/api/meetings/${meetingId}/votes`, { ...c, body: { voteId, agendaItemId: 'uchwaly', motion } }));
  }

  const vote = (page: Page, voteId: string) => page.locator(`[data-testid=vote][data-vote="${voteId}"]`);
  const count = (page: Page, voteId: string, choice: string) => vote(page, voteId).getByTestId(`tally-${choice}`);

  beforeAll(async () => {
    rig = await startWebRig();
    await meetingWithOpenVote('u-live', 'Przyjęcie planu promocji');
    [anna, piotr] = await Promise.all([rig.as(ANNA.personId), rig.as(PIOTR.personId)]);
    await Promise.all([anna.goto(`/meetings/${meetingId}`), piotr.goto(`/meetings/${meetingId}`)]);
    for (const page of [anna, piotr]) await page.getByTestId('live-status').and(page.locator('[data-status=online]')).waitFor();
  });
  afterAll(() => rig?.close());

  it('one casts a ballot, the other sees the tally change without reloading; the vote closes into a numbered resolution both see', async () => {
    await expect(count(piotr, 'u-live', 'yes').getAttribute('data-count')).resolves.toBe('0');
    const navigations: string[] = [];
    piotr.on('framenavigated', (f) => navigations.push(f.url()));

    await vote(anna, 'u-live').getByRole('button', { name: /Głosuj „za” za „APROPO’S”/ }).click();
    await count(piotr, 'u-live', 'yes').and(piotr.locator('[data-count="1"]')).waitFor();
    await expect(count(piotr, 'u-live', 'yes').textContent()).resolves.toBe('1 głos');

    await vote(piotr, 'u-live').getByRole('button', { name: /Głosuj „przeciw” za „ARKA”/ }).click();
    await count(anna, 'u-live', 'no').and(anna.locator('[data-count="1"]')).waitFor();
    // Anna corrects her ballot while the vote is open: her yes becomes an abstention, counted once.
    await vote(anna, 'u-live').getByRole('button', { name: /Popraw głos na „wstrzymuję się” za „APROPO’S”/ }).click();
    await count(piotr, 'u-live', 'abstain').and(piotr.locator('[data-count="1"]')).waitFor();
    await expect(count(piotr, 'u-live', 'yes').getAttribute('data-count')).resolves.toBe('0');

    const closed = await rig.server.call('POST', `/api/meetings/${meetingId}/votes/u-live/closing`, { as: COORDINATOR });
    expect(closed.status).toBe(201);
    const register = (await rig.server.call('GET', '/api/clusters/wm-kes/resolutions', { as: COORDINATOR })).body as { voteId: string; meetingId: string; number: string }[];
    const number = register.find((r) => r.meetingId === meetingId && r.voteId === 'u-live')!.number;
    for (const page of [anna, piotr]) {
      const resolution = vote(page, 'u-live').getByTestId('resolution');
      await resolution.waitFor();
      await expect(resolution.textContent()).resolves.toContain(`Uchwała nr ${number}: odrzucona`);
    }
    expect(navigations).toEqual([]); // nothing reloaded
  });

  it('a socket dropped mid-meeting resumes: every act of the gap shown once, the tally right, no reload', async () => {
    await meetingWithOpenVote('u-gap', 'Wspólna oferta dla gmin');
    await vote(piotr, 'u-gap').waitFor();
    const context = piotr.context();
    // No network for Piotr's page, and the server closes his socket: the page says the connection is lost.
    await context.setOffline(true);
    const live = rig.server.app.get(LiveGateway) as unknown as { server: { sockets: Map<string, { data: { personId?: string }; disconnect(close: boolean): void }> } };
    for (const socket of live.server.sockets.values()) if (socket.data.personId === PIOTR.personId) socket.disconnect(true);
    await piotr.getByTestId('connection-lost').waitFor();

    // Meanwhile five members vote and one corrects: six acts Piotr's page has not seen.
    const positions: string[] = [];
    for (const [i, memberId] of ['babiniec', 'bajkowa-kraina', 'cwss-mops', 'dar', 'eco-green'].entries()) {
      const r = await rig.server.call('POST', `/api/meetings/${meetingId}/votes/u-gap/ballots`, { as: representativeOf[memberId], body: { memberId, choice: i < 3 ? 'yes' : 'no' } });
      expect(r.status).toBe(201);
      positions.push(r.body.position);
    }
    const correction = await rig.server.call('POST', `/api/meetings/${meetingId}/votes/u-gap/corrections`, { as: representativeOf.dar, body: { memberId: 'dar', choice: 'yes' } });
    expect(correction.status).toBe(201);
    positions.push(correction.body.position);
    await expect(count(piotr, 'u-gap', 'yes').getAttribute('data-count')).resolves.toBe('0');

    await context.setOffline(false);
    await piotr.getByTestId('live-status').and(piotr.locator('[data-status=online]')).waitFor({ timeout: 20_000 });
    await count(piotr, 'u-gap', 'yes').and(piotr.locator('[data-count="4"]')).waitFor();
    await expect(count(piotr, 'u-gap', 'no').getAttribute('data-count')).resolves.toBe('1');
    await expect(piotr.getByTestId('connection-lost').count()).resolves.toBe(0);
    // Each act of the gap is in the live feed exactly once, in order.
    const feed = await piotr.getByTestId('feed-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-position')!));
    for (const p of positions) expect(feed.filter((f) => f === p)).toHaveLength(1);
    expect(new Set(feed).size).toBe(feed.length);
    const gap = feed.filter((f) => positions.includes(f)).reverse();
    expect(gap).toEqual(positions);
  });
});
