import type { Page } from 'playwright-core';
import { PHONE, DESKTOP, screenshot, seriousViolations, startWebRig, type WebRig } from './support/browser';

const COORDINATOR = 'elzbieta-nowakowska';
const REGISTRAR = 'sekretarz-klastra';
/** Represents „ARKA”, an ordinary member: neither coordinator nor registrar. */
const MEMBER = 'piotr-nowak';
const TITLE = 'Posiedzenie Rady — maj 2016';

/**
 * The coordinator enters a council meeting of May 2016 from its minutes, in the page alone: the day
 * and the document are chosen once, then the usual buttons record acts of that day. The register
 * numbers the resolution n/2016 and every view shows both dates.
 */
describe('recording the past in the browser', () => {
  let rig: WebRig;
  let page: Page;
  beforeAll(async () => {
    rig = await startWebRig();
    expect((await rig.server.call('POST', '/api/clusters/wm-kes/registrars', { as: COORDINATOR, body: { personId: REGISTRAR } })).status).toBe(201);
    page = await rig.as(COORDINATOR, { axe: true });
    await page.goto('/clusters/wm-kes');
    await page.getByTestId('record-past').waitFor();
  });
  afterAll(() => rig?.close());

  const admit = async (name: string) => {
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Przyjmij' }) });
    await form.getByRole('textbox', { name: /^Nazwa organizacji/ }).fill(name);
    await form.getByRole('textbox', { name: /^Identyfikator przedstawiciela/ }).fill('nowy-prezes');
    await form.getByRole('textbox', { name: /^Funkcja przedstawiciela/ }).fill('Prezes');
    await form.getByRole('button', { name: 'Przyjmij' }).click();
    return form;
  };

  const startRecording = async (date: string, reference: string) => {
    await page.getByTestId('record-date').fill(date);
    await page.getByTestId('record-reference').fill(reference);
    await page.getByTestId('record-start').click();
    await page.getByTestId('recording-banner').waitFor();
  };

  it('a day in the future is refused by the server, in Polish, and nothing is written', async () => {
    const before = await page.getByTestId('member-count').textContent();
    await startRecording('2099-01-01', 'pismo z przyszłości');
    await expect(page.getByTestId('recording-banner').textContent()).resolves.toContain('1 stycznia 2099');
    const form = await admit('Spółdzielnia z przyszłości');
    const error = form.getByTestId('error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('Akt nie może mieć daty z przyszłości.');
    const cluster = await rig.server.call('GET', '/api/clusters/wm-kes', { as: COORDINATOR });
    expect(cluster.body.members.some((m: { organisation: { name: string } }) => m.organisation.name === 'Spółdzielnia z przyszłości')).toBe(false);
    await expect(page.getByTestId('member-count').textContent()).resolves.toBe(before);
  });

  it('the recording view has no serious or critical axe violation, in Polish (desktop) and English (phone)', async () => {
    await startRecording('2016-05-12', 'protokół nr 3/2016');
    await page.getByTestId('recording-state').filter({ hasText: '12 maja 2016' }).waitFor();
    await page.getByTestId('record-past').scrollIntoViewIfNeeded();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'record-the-past-desktop');
    await page.setViewportSize(PHONE);
    await page.getByTestId('language').getByText('EN').click();
    await page.getByTestId('recording-state').filter({ hasText: 'May 12, 2016' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('record-past').scrollIntoViewIfNeeded();
    await screenshot(page, 'record-the-past-phone');
    await page.getByTestId('language').getByText('PL').click();
    await page.setViewportSize(DESKTOP);
  });

  it('the coordinator records a council meeting of 12 May 2016 from its minutes: convened, opened, attendance, a vote, ballots, closed', async () => {
    await page.getByRole('link', { name: 'Posiedzenia', exact: true }).first().click();
    const convene = page.locator('form', { has: page.getByTestId('convene') });
    await convene.getByRole('textbox', { name: /^Tytuł/ }).fill(TITLE);
    await convene.getByLabel(/^Data i godzina/).fill('2016-05-12T10:00');
    await convene.getByRole('textbox', { name: /^Porządek obrad/ }).fill('Uchwały');
    await page.getByTestId('convene').click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // The convening shows both its dates, in Polish, with the document.
    const convened = page.getByTestId('act-dates').first();
    await convened.filter({ hasText: 'miało miejsce 12 maja 2016' }).waitFor();
    await expect(convened.textContent()).resolves.toMatch(/wpisano \d{1,2} \S+ 20\d\d wpisał\(a\): .+, na podstawie: protokół nr 3\/2016$/);

    // ARKA's representative follows the meeting while it is entered: every act arrives live, with both dates.
    const follower = await rig.as(MEMBER);
    await follower.goto(new URL(page.url()).pathname);
    await follower.getByTestId('feed').or(follower.getByText('Tu pojawią się akty')).first().waitFor();

    await page.getByTestId('open-meeting').click();
    await page.getByTestId('meeting-status').filter({ hasText: 'trwa' }).waitFor();
    for (const organisation of [/ARKA/, /TMB/]) {
      await page.getByRole('combobox', { name: 'Członek' }).click();
      await page.getByRole('option', { name: organisation }).click();
      await page.getByRole('button', { name: 'Zapisz obecność' }).click();
      await page.getByTestId('attendance').getByText(organisation).waitFor();
    }
    await page.getByRole('textbox', { name: /^Treść wniosku/ }).fill('Kalendarz targów 2016');
    await page.getByTestId('open-vote').click();
    const vote = page.getByTestId('vote').filter({ hasText: 'Kalendarz targów 2016' });
    await vote.waitFor();
    // The minutes give each present member's ballot: the coordinator enters them all.
    for (const name of [/„za” za .*ARKA/, /„za” za .*TMB/]) await vote.getByRole('button', { name }).click();
    await vote.getByTestId('tally-yes').and(page.locator('[data-count="2"]')).waitFor();
    await vote.getByTestId('close-vote').click();
    const resolution = vote.getByTestId('resolution');
    await resolution.filter({ hasText: /Uchwała nr \d+\/2016/ }).waitFor();
    await expect(resolution.getByTestId('act-dates').textContent()).resolves.toContain('miało miejsce 12 maja 2016');
    const seen = follower.getByTestId('vote').getByTestId('resolution');
    await seen.filter({ hasText: /Uchwała nr \d+\/2016/ }).getByTestId('act-dates').filter({ hasText: 'na podstawie: protokół nr 3/2016' }).waitFor();
    await expect(follower.getByTestId('feed-item').filter({ hasText: 'Otwarto posiedzenie' }).getByTestId('act-dates').textContent()).resolves.toContain('miało miejsce 12 maja 2016');
    await follower.context().close();
    // The live feed shows each act as it arrived, with both dates.
    await expect(page.getByTestId('feed-item').filter({ hasText: 'Zamknięto głosowanie' }).getByTestId('act-dates').textContent()).resolves.toContain('na podstawie: protokół nr 3/2016');

    // The log has them dated then, recorded now.
    const meetings = await rig.server.call('GET', '/api/clusters/wm-kes/meetings', { as: COORDINATOR });
    const meetingId = meetings.body.find((m: { title: string }) => m.title === TITLE).meetingId;
    const acts = await rig.server.call('GET', `/api/meetings/${meetingId}/recorded-acts`, { as: MEMBER });
    expect(acts.body.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['MeetingConvened', 'MeetingOpened', 'AttendanceRecorded', 'VoteOpened', 'BallotCast', 'VoteClosed']));
    for (const a of acts.body.filter((a: { type: string }) => a.type !== 'ResolutionNumbered')) {
      expect(a).toMatchObject({ occurredAt: '2016-05-12T10:00:00.000Z', reference: 'protokół nr 3/2016', recordedBy: COORDINATOR });
    }
    // The number is Klaster's own consequence of the closing: dated with it, recorded by the system.
    expect(acts.body.find((a: { type: string }) => a.type === 'ResolutionNumbered')).toMatchObject({ occurredAt: '2016-05-12T10:00:00.000Z', recordedBy: '$klaster' });
  });

  it('the register numbers the resolution n/2016 and shows both its dates', async () => {
    await page.getByRole('link', { name: 'Posiedzenia', exact: true }).first().click();
    // The demo's own past is in the register too (the general meeting of March 2016): ours is the council's of 12 May.
    const entry = page.getByTestId('register-entry').filter({ hasText: 'Uchwała Rady' }).filter({ hasText: 'miało miejsce 12 maja 2016' });
    await entry.waitFor();
    await expect(entry.getAttribute('data-number')).resolves.toMatch(/^\d+\/2016$/);
    await expect(entry.getByTestId('act-dates').textContent()).resolves.toContain('na podstawie: protokół nr 3/2016');
    const register = await rig.server.call('GET', '/api/clusters/wm-kes/resolutions', { as: COORDINATOR });
    expect(register.body.filter((r: { body: string; year: number }) => r.body === 'council' && r.year === 2016).map((r: { number: string }) => r.number)).toContain(await entry.getAttribute('data-number'));
  });

  it('stopping the recording ends it on every screen; the coordinator changes the time zone', async () => {
    await page.getByTestId('recording-banner').getByRole('button', { name: 'Zakończ zapis' }).click();
    await page.getByTestId('recording-banner').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Klaster w skrócie', exact: true }).first().click();
    await page.getByTestId('record-past').waitFor();
    await page.getByRole('combobox', { name: 'Strefa czasowa' }).fill('Vilnius');
    await page.getByRole('option', { name: 'Europe/Vilnius' }).click();
    await page.getByRole('button', { name: 'Zmień strefę czasową' }).click();
    await page.getByText('Dzień w strefie czasowej klastra (Europe/Vilnius)').waitFor();
    expect((await rig.server.call('GET', '/api/clusters/wm-kes', { as: COORDINATOR })).body.timeZone).toBe('Europe/Vilnius');
  });

  it('a registrar may record the past too; an ordinary member sees no such control', async () => {
    const registrar = await rig.as(REGISTRAR);
    await registrar.goto('/clusters/wm-kes');
    await registrar.getByTestId('record-past').waitFor();
    await registrar.context().close();
    const member = await rig.as(MEMBER);
    await member.goto('/clusters/wm-kes');
    await member.getByTestId('member-count').waitFor();
    await expect(member.getByTestId('record-past').count()).resolves.toBe(0);
    await member.context().close();
  });
});
