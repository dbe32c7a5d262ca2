import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, focused, screenshot, seriousViolations, startWebRig, type WebRig } from './support/browser';

const COORDINATOR = 'elzbieta-nowakowska';
const MEETING = 'wm-kes.rada-widok';

/**
 * Each main view: who looks at it, where, and what shows it is ready. The coordinator sees the most
 * controls (forms, ballot buttons, closing a vote), so the views are checked through their eyes; the
 * auditor's desk through the auditor's.
 */
const views: { name: string; as: string | null; path: string; ready: (p: Page) => Promise<unknown> }[] = [
  { name: 'sign-in', as: null, path: '/', ready: (p) => p.locator('[data-person]').first().waitFor() },
  { name: 'inbox', as: COORDINATOR, path: '/', ready: (p) => p.getByTestId('inbox-votes').waitFor() },
  { name: 'cluster', as: COORDINATOR, path: '/clusters/wm-kes', ready: (p) => p.getByTestId('compliance').waitFor() },
  { name: 'meetings', as: COORDINATOR, path: '/clusters/wm-kes/meetings', ready: (p) => p.getByTestId('meetings-past').waitFor() },
  { name: 'meeting', as: COORDINATOR, path: `/meetings/${MEETING}`, ready: (p) => Promise.all([p.getByTestId('ballot').first().waitFor(), p.getByTestId('close-vote').waitFor()]) },
  { name: 'group', as: COORDINATOR, path: '/groups/wm-kes.promocja', ready: (p) => p.getByTestId('add-task').waitFor() },
  { name: 'agreement', as: COORDINATOR, path: '/clusters/wm-kes/agreement', ready: (p) => p.getByTestId('my-signature').waitFor() },
  { name: 'audit', as: 'zofia-audytor', path: '/clusters/wm-kes/audit', ready: (p) => Promise.all([p.getByTestId('trail-entry').first().waitFor(), p.getByTestId('latest-seal').waitFor(), p.getByTestId('diff').locator('ins').first().waitFor()]) },
];

describe('every main view: both languages, accessible, at phone and desktop width', () => {
  let rig: WebRig;
  beforeAll(async () => {
    rig = await startWebRig();
    const c = { as: COORDINATOR };
    await rig.server.call('POST', '/api/clusters/wm-kes/meetings', { ...c, body: { meetingId: MEETING, kind: 'council', title: 'Posiedzenie Rady — IV kwartał', scheduledFor: new Date().toISOString(), venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'uchwaly', title: 'Uchwały' }] } });
    await rig.server.call('POST', `/api/meetings/${MEETING}/opening`, c);
    for (const memberId of ['apropos', 'arka', 'babiniec', 'wama-coop', 'dar', 'tmb', 'szansa', 'lider', 'marzenia', 'warmax', 'g-ural']) {
      await rig.server.call('POST', `/api/meetings/${MEETING}/attendance`, { ...c, body: { memberId, presence: 'in_person' } });
    }
    const opened = await rig.server.call('POST', `/api/meetings/${MEETING}/votes`, { ...c, body: { voteId: 'budzet', agendaItemId: 'uchwaly', motion: 'Budżet promocji na rok przyszły' } });
    expect(opened.status).toBe(201);
    await rig.server.call('POST', `/api/meetings/${MEETING}/votes/budzet/ballots`, { as: 'piotr-nowak', body: { memberId: 'arka', choice: 'yes' } });
  });
  afterAll(async () => {
    await current?.page.context().close();
    await rig?.close();
  });

  it('the demo picker signs a person in, and the first screen is their inbox', async () => {
    const page = await rig.as(null);
    await page.goto('/');
    await page.getByRole('button', { name: 'Anna Kowalska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Moja skrzynka' }).waitFor();
    await expect(page.getByTestId('inbox-votes').textContent()).resolves.toContain('Budżet promocji na rok przyszły');
    // Voting from another device: the inbox updates itself (the page follows the cluster's room).
    const cast = await rig.server.call('POST', `/api/meetings/${MEETING}/votes/budzet/ballots`, { as: 'anna-kowalska', body: { memberId: 'apropos', choice: 'abstain' } });
    expect(cast.status).toBe(201);
    await page.getByText('Teraz nie ma głosowania, w którym możesz oddać głos.').waitFor();
    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zaloguj się' }).waitFor();
    // A pasted token that is not one is refused before anything is sent.
    await page.getByLabel(/Wklej swój token/).fill('not-a-token');
    await page.getByRole('button', { name: 'Zaloguj', exact: true }).click();
    await page.getByText('To nie jest poprawny token.').waitFor();
    await page.context().close();
  });

  it('the language switch changes the text and the number and date formats, and is remembered', async () => {
    const page = await rig.as(COORDINATOR);
    await page.goto(`/meetings/${MEETING}`);
    const quorum = page.getByTestId('attendance-quorum');
    await quorum.waitFor();
    expect(await quorum.textContent()).toBe('Obecni lub reprezentowani: 11 z 19 uprawnionych (57,9%) · kworum osiągnięte');
    await expect(page.getByTestId('tally-yes').textContent()).resolves.toBe('1 głos');
    await page.getByTestId('language').getByText('EN').click();
    await quorum.filter({ hasText: 'Present or represented' }).waitFor();
    expect(await quorum.textContent()).toBe('Present or represented: 11 of 19 entitled (57.9%) · quorum met');
    await expect(page.getByTestId('tally-yes').textContent()).resolves.toBe('1 vote');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    await page.goto('/clusters/wm-kes');
    await page.getByTestId('member-count').waitFor();
    await expect(page.getByText('agreement concluded November 21, 2014')).toBeDefined();
    await page.getByText('agreement concluded November 21, 2014').waitFor();
    await expect(page.getByTestId('member-count').textContent()).resolves.toBe('19 active members');
    await page.reload(); // remembered
    await page.getByText('agreement concluded November 21, 2014').waitFor();
    await page.getByTestId('language').getByText('PL').click();
    await page.getByText('porozumienie zawarte 21 listopada 2014').waitFor();
    await expect(page.getByTestId('member-count').textContent()).resolves.toBe('19 aktywnych członków');
    await page.context().close();
  });

  // One page per person: the next view of the same person is reached inside the page (no reload), as a person would.
  let current: { as: string | null; page: Page } | undefined;
  async function open(view: (typeof views)[number]): Promise<Page> {
    if (current && current.as === view.as) {
      await current.page.setViewportSize(DESKTOP);
      await current.page.getByTestId('language').getByText('PL').click();
      await current.page.evaluate(`history.pushState(null, '', ${JSON.stringify(view.path)}); dispatchEvent(new PopStateEvent('popstate'))`);
      return current.page;
    }
    await current?.page.context().close();
    const page = await rig.as(view.as, { viewport: DESKTOP, locale: 'pl', axe: true });
    await page.goto(view.path);
    current = { as: view.as, page };
    return page;
  }

  for (const view of views) {
    it(`${view.name}: no serious or critical axe violation in Polish (desktop) or English (phone); screenshots at both widths`, async () => {
      const found: Record<string, unknown> = {};
      const page = await open(view);
      await page.locator('html[lang=pl]').waitFor({ state: 'attached' });
      await view.ready(page);
      const check = async (what: string) => {
        const violations = await seriousViolations(page);
        if (violations.length) found[what] = violations;
      };
      await check('pl desktop');
      await screenshot(page, `${view.name}-desktop`);
      await page.setViewportSize(PHONE);
      await screenshot(page, `${view.name}-phone`);
      await page.getByTestId('language').getByText('EN').click();
      await page.locator('html[lang=en]').waitFor({ state: 'attached' });
      await check('en phone');
      expect(found).toEqual({});
    });
  }

  it('works from the keyboard alone: skip link, navigation and a ballot', async () => {
    const page = await rig.as('maria-wisniewska');
    await page.goto(`/meetings/${MEETING}`);
    await page.getByTestId('ballot').first().waitFor();
    await page.keyboard.press('Tab');
    await expect(focused(page)).resolves.toMatchObject({ text: 'Przejdź do treści' });
    // Tab to the first ballot button and press it with the keyboard.
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const { label } = await focused(page);
      if (label.startsWith('Głosuj „za”')) break;
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('tally-yes').and(page.locator('[data-count="2"]')).waitFor();
    await page.context().close();
  });
});
