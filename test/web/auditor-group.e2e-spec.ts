import type { Page } from 'playwright-core';
import { startWebRig, type WebRig } from './support/browser';

const COORDINATOR = 'elzbieta-nowakowska';
const AUDITOR = 'zofia-audytor';
/** The leader of the demo's promotion group (it requested the group for „SZANSA”). */
const LEADER = 'magdalena-piotrowska';

describe('the auditor and the group leader in the browser', () => {
  let rig: WebRig;
  beforeAll(async () => {
    rig = await startWebRig();
    // „MARZENIA” withdraws today: the auditor will find it active on an earlier day.
    const today = new Date().toISOString().slice(0, 10);
    const withdrawn = await rig.server.call('POST', '/api/clusters/wm-kes/members/marzenia/withdrawal', { as: COORDINATOR, body: { withdrawnOn: today, writtenNoticeRef: 'pismo 1/2026' } });
    expect(withdrawn.status).toBe(201);
  });
  afterAll(() => rig?.close());

  describe('an auditor', () => {
    let page: Page;
    beforeAll(async () => {
      page = await rig.as(AUDITOR);
      await page.goto('/clusters/wm-kes/audit');
    });
    const row = (memberId: string) => page.getByTestId('members').locator(`tr[data-member="${memberId}"]`);

    it('moves the date back and sees the earlier member list', async () => {
      await row('marzenia').and(page.locator('[data-status=withdrawn]')).waitFor();
      await expect(page.getByTestId('as-of-summary').textContent()).resolves.toContain('18 aktywnych członków');
      await page.getByTestId('as-of').fill('2019-03-01');
      await page.getByTestId('as-of-summary').filter({ hasText: '1 marca 2019' }).waitFor();
      await expect(page.getByTestId('as-of-summary').textContent()).resolves.toContain('19 aktywnych członków');
      await expect(row('marzenia').getAttribute('data-status')).resolves.toBe('active');
      // Before the founding there was no cluster: the server says so (its code not_founded_by_then), in Polish.
      await page.getByTestId('as-of').fill('2010-01-01');
      await page.getByTestId('error').waitFor();
      await expect(page.getByTestId('error').textContent()).resolves.toContain('Tego dnia klaster jeszcze nie istniał.');
    });

    it('opens a word-level diff between two versions of the agreement', async () => {
      const diff = page.getByTestId('diff');
      await diff.locator('ins').first().waitFor();
      // Version 2 added § 6 on honorary members; nothing was removed.
      await expect(diff.locator('ins').allTextContents()).resolves.toEqual([expect.stringContaining('§ 6 Członkowie honorowi')]);
      await expect(diff.locator('del').count()).resolves.toBe(0);
      await expect(page.getByTestId('diff-summary').textContent()).resolves.toMatch(/^\d+ słów dodanych, 0 usuniętych$/);
      // The same version on both sides: no difference.
      await page.getByRole('combobox', { name: 'Porównaj wersję' }).click();
      await page.getByRole('option', { name: /Wersja 2/ }).click();
      await expect(diff.locator('ins').count()).resolves.toBe(0);
    });
  });

  describe('a group leader', () => {
    let page: Page;
    beforeAll(async () => {
      page = await rig.as(LEADER);
      await page.goto('/groups/wm-kes.promocja');
      await page.getByTestId('tasks').waitFor();
    });

    it('adds a task with a deadline that then shows as overdue, and everyone in the group sees it live', async () => {
      // TMB's representative has the group open too.
      const tmb = await rig.as('michal-grabowski');
      await tmb.goto('/groups/wm-kes.promocja');
      await tmb.getByTestId('tasks').waitFor();

      const form = page.locator('form', { has: page.getByTestId('add-task') });
      await form.getByRole('textbox', { name: /^Zadanie/ }).fill('Sprawozdanie z targów');
      await form.getByRole('combobox', { name: 'Odpowiedzialny członek' }).click();
      await page.getByRole('option', { name: /TMB/ }).click();
      await form.getByLabel(/^Termin/).fill('2020-05-31');
      await page.getByTestId('add-task').click();

      for (const p of [page, tmb]) {
        const task = p.getByTestId('task').filter({ hasText: 'Sprawozdanie z targów' });
        await task.waitFor();
        await expect(task.getAttribute('data-overdue')).resolves.toBe('true');
        await expect(task.getByTestId('overdue').textContent()).resolves.toBe('po terminie');
        await expect(task.textContent()).resolves.toContain('31 maja 2020');
      }
      // TMB's representative finds it in the inbox too, overdue.
      await tmb.goto('/');
      await tmb.getByTestId('inbox-tasks').filter({ hasText: 'Sprawozdanie z targów' }).waitFor();
    });

    it('reassigning on a stale view is refused, and the page says why in Polish', async () => {
      const task = page.getByTestId('task').filter({ hasText: 'Sprawozdanie z targów' });
      await task.getByRole('button', { name: 'Przekaż' }).click();
      // Someone else changes the group after the leader opened the form.
      const other = await rig.server.call('POST', '/api/groups/wm-kes.promocja/tasks', { as: COORDINATOR, body: { taskId: 'ulotki', title: 'Ulotki', responsibleMemberId: 'szansa', deadline: '2030-01-31' } });
      expect(other.status).toBe(201);
      await page.getByTestId('task').filter({ hasText: 'Ulotki' }).waitFor();
      await task.getByRole('button', { name: 'Zapisz' }).click();
      const error = task.getByTestId('error');
      await error.waitFor();
      await expect(error.textContent()).resolves.toMatch(/zapis się zmienił|zmienił ten zapis/);
    });
  });
});
