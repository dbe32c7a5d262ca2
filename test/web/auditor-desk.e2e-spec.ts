import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import type { Page, Response } from 'playwright-core';
import { DESKTOP, PHONE, screenshot, seriousViolations, startWebRig, type WebRig } from './support/browser';

const AUDITOR = 'zofia-audytor';
const COORDINATOR = 'elzbieta-nowakowska';
/** A member's representative: a reader of the cluster, not one of its auditors. */
const MEMBER = 'anna-kowalska';
const GROUP = 'wm-kes.promocja';
const MEETING = 'wm-kes.rada-2015-q1';

const entries = (page: Page) => page.getByTestId('trail-entry');
// Page scripts are strings: the test code is type-checked for Node, without the DOM's types.
const attributes = (page: Page, name: string) => page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid=trail-entry]')].map((e) => e.getAttribute(${JSON.stringify(name)}))`);
const positions = async (page: Page) => (await attributes(page, 'data-position')).map((p) => BigInt(p));

/** The answer of the request a click starts (its status and headers), and the file the browser saved from it. */
async function downloadOf(page: Page, click: () => Promise<unknown>, path: string): Promise<{ response: Response; saved: Buffer; filename: string }> {
  const [response, download] = await Promise.all([page.waitForResponse((r) => r.url().includes(path)), page.waitForEvent('download'), click()]);
  const saved = await readFile((await download.path())!);
  return { response, saved, filename: download.suggestedFilename() };
}

describe("the auditor's desk in the browser: trail, integrity, exports and PDFs", () => {
  let rig: WebRig;
  let page: Page;
  beforeAll(async () => {
    rig = await startWebRig();
    page = await rig.as(AUDITOR, { axe: true, locale: 'pl' });
  });
  afterAll(() => rig?.close());

  it('an auditor filters the trail by event type and sees only matching acts, in words, in Polish; the filter is in the URL', async () => {
    await page.goto('/clusters/wm-kes/audit');
    await entries(page).first().waitFor();
    // Unfiltered, the first page holds acts of several kinds, in log order.
    expect(new Set(await attributes(page, 'data-type')).size).toBeGreaterThan(1);

    await page.getByRole('combobox', { name: 'Rodzaj aktu' }).click();
    await page.getByRole('option', { name: 'VoteClosed', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('apply-filters').click();
    await page.waitForURL(/[?&]type=VoteClosed/);
    await page.getByTestId('trail-count').filter({ hasText: /akt/ }).waitFor();
    await expect(page.locator('[data-testid=trail-entry]:not([data-type=VoteClosed])').count()).resolves.toBe(0);
    const closed = await entries(page).count();
    expect(closed).toBeGreaterThan(0);
    // The act in words, in Polish, with who, both dates and the charter version.
    const first = entries(page).first();
    await expect(first.getByTestId('trail-act').textContent()).resolves.toMatch(/^Zamknięto głosowanie/);
    await expect(first.textContent()).resolves.toMatch(/zaszło .*2015.*zapisano .*regulamin w wersji 1/);

    // The API agrees: the page shows exactly the VoteClosed acts of the log (first page of them).
    const api = await rig.server.call('GET', '/api/clusters/wm-kes/audit/trail?type=VoteClosed&limit=25', { as: AUDITOR });
    expect(await positions(page)).toEqual(api.body.entries.map((e: { position: string }) => BigInt(e.position)));

    // A reload keeps the filter (it lives in the URL).
    await page.reload();
    await entries(page).first().waitFor();
    await expect(page.locator('[data-testid=trail-entry]:not([data-type=VoteClosed])').count()).resolves.toBe(0);
  });

  it('loads more by cursor: the next acts follow in log order, none twice', async () => {
    await page.goto('/clusters/wm-kes/audit');
    await entries(page).first().waitFor();
    const before = await positions(page);
    expect(before).toHaveLength(25);
    await page.getByTestId('load-more').click();
    await entries(page).nth(49).waitFor();
    const after = await positions(page);
    expect(after.slice(0, 25)).toEqual(before);
    expect(after).toHaveLength(50);
    for (let i = 1; i < after.length; i++) expect(after[i] > after[i - 1]).toBe(true);
  });

  it('sees an act performed by someone else appear live, without a reload', async () => {
    await page.goto('/clusters/wm-kes/audit?type=TaskAdded');
    await page.getByTestId('trail-count').waitFor();
    const shown = await entries(page).count();
    // The trail is read to its end: a new act will be appended when it happens.
    await expect(page.getByTestId('load-more').count()).resolves.toBe(0);

    const added = await rig.server.call('POST', `/api/groups/${GROUP}/tasks`, { as: COORDINATOR, body: { taskId: 'audyt-live', title: 'Raport dla audytora', responsibleMemberId: 'szansa', deadline: '2031-01-31' } });
    expect(added.status).toBe(201);
    // Another kind of act meanwhile: not shown under this filter.
    const other = await rig.server.call('POST', `/api/groups/${GROUP}/tasks/audyt-live/completion`, { as: COORDINATOR, body: {} });

    const live = page.locator('[data-testid=trail-entry][data-live]');
    await live.waitFor();
    await expect(live.getAttribute('data-type')).resolves.toBe('TaskAdded');
    await expect(live.getByTestId('trail-act').textContent()).resolves.toContain('Raport dla audytora');
    await expect(entries(page).count()).resolves.toBe(shown + 1);
    await expect(page.getByTestId('trail-count').textContent()).resolves.toContain('1 nowy akt doszedł na żywo');
    if (other.status === 201) await expect(page.locator('[data-testid=trail-entry]:not([data-type=TaskAdded])').count()).resolves.toBe(0);
  });

  it('an act recorded while older pages are still unread: a notice says it waits at the end; loading to the end shows it once', async () => {
    await page.goto('/clusters/wm-kes/audit');
    await entries(page).first().waitFor();
    await page.getByTestId('load-more').waitFor();
    const added = await rig.server.call('POST', `/api/groups/${GROUP}/tasks`, { as: COORDINATOR, body: { taskId: 'w-kolejce', title: 'Czeka na końcu', responsibleMemberId: 'szansa', deadline: '2031-03-31' } });
    expect(added.status).toBe(201);
    const waiting = page.getByTestId('trail-waiting');
    await waiting.filter({ hasText: '1 nowy akt czeka na końcu dziennika' }).waitFor();
    await waiting.getByRole('button', { name: 'Wczytaj do końca' }).click();
    await page.getByTestId('load-more').waitFor({ state: 'detached' });
    const live = page.locator('[data-testid=trail-entry][data-live]');
    await expect(live.count()).resolves.toBe(1);
    await expect(live.getByTestId('trail-act').textContent()).resolves.toContain('Czeka na końcu');
    // The whole trail, each act once, in log order.
    const all = await positions(page);
    for (let i = 1; i < all.length; i++) expect(all[i] > all[i - 1]).toBe(true);
    const api = await rig.server.call('GET', '/api/clusters/wm-kes/audit/trail?limit=500', { as: AUDITOR });
    expect(all).toEqual(api.body.entries.map((e: { position: string }) => BigInt(e.position)));
  });

  it('runs verify and sees the record intact, with the latest seal (root, position, signed, public key)', async () => {
    await page.goto('/clusters/wm-kes/audit');
    const seal = page.getByTestId('latest-seal');
    // The demo's record may not be sealed yet: the auditor seals it now.
    await seal.getByTestId('seal-now').click();
    await seal.getByTestId('seal-root').waitFor();
    await expect(seal.getByTestId('seal-root').textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
    const latest = await rig.server.call('GET', '/api/clusters/wm-kes/audit/seals/latest', { as: AUDITOR });
    await expect(seal.getByTestId('seal-root').textContent()).resolves.toBe(latest.body.root);
    await expect(seal.textContent()).resolves.toContain(`do pozycji ${latest.body.throughPosition}`);
    await expect(seal.getByTestId('seal-signed').getAttribute('data-signed')).resolves.toBe(String(!!latest.body.signature));
    if (latest.body.signature) await expect(seal.getByTestId('seal-key').getAttribute('href')).resolves.toBe('/.well-known/klaster-seal-key');

    await page.getByTestId('run-verify').click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    await expect(result.getAttribute('data-ok')).resolves.toBe('true');
    await expect(result.textContent()).resolves.toMatch(/Rejestr nienaruszony.*\d+ zdarze/);
  });

  it('downloads the trail as CSV with the filter applied, and as JSON Lines', async () => {
    await page.goto('/clusters/wm-kes/audit?type=VoteClosed');
    await entries(page).first().waitFor();
    const shown = await entries(page).count();
    // An act since the last seal: the export seals the record first, and the page shows the new seal.
    const before = (await rig.server.call('GET', '/api/clusters/wm-kes/audit/seals/latest', { as: AUDITOR })).body.sequence as number;
    await page.getByTestId('seal-sequence').filter({ hasText: `nr ${before} ` }).waitFor();
    const added = await rig.server.call('POST', `/api/groups/${GROUP}/tasks`, { as: COORDINATOR, body: { taskId: 'po-pieczeci', title: 'Po pieczęci', responsibleMemberId: 'szansa', deadline: '2031-02-28' } });
    expect(added.status).toBe(201);
    const csv = await downloadOf(page, () => page.getByTestId('export-csv').click(), '/audit/export.csv');
    await page.getByTestId('seal-sequence').filter({ hasText: `nr ${before + 1} ` }).waitFor();
    expect(csv.response.status()).toBe(200);
    expect(csv.response.headers()['content-type']).toMatch(/^text\/csv/);
    expect(csv.filename).toMatch(/^klaster-wm-kes-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(csv.saved.toString('utf8'), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
    const acts = rows.filter((r) => r.event_type !== 'SealRecorded');
    // Every act of the export is of the filtered kind, and it holds at least the acts the page showed.
    expect(acts.length).toBeGreaterThanOrEqual(shown);
    expect(new Set(acts.map((r) => r.event_type))).toEqual(new Set(['VoteClosed']));
    await page.getByTestId('downloaded').first().waitFor();

    const jsonl = await downloadOf(page, () => page.getByTestId('export-jsonl').click(), '/audit/export.jsonl');
    expect(jsonl.response.headers()['content-type']).toMatch(/^application\/x-ndjson/);
    expect(jsonl.saved.toString('utf8').trim().split('\n').length).toBeGreaterThan(acts.length);
  });

  it('downloads an act’s inclusion proof from its trail entry', async () => {
    await page.goto('/clusters/wm-kes/audit?type=VoteClosed');
    const first = entries(page).first();
    await first.waitFor();
    const position = await first.getAttribute('data-position');
    const proof = await downloadOf(page, () => first.getByTestId('proof').click(), '/audit/proof?');
    expect(proof.response.status()).toBe(200);
    const body = JSON.parse(proof.saved.toString('utf8'));
    expect(body.event).toMatchObject({ type: 'VoteClosed', position });
    expect(body.path).toEqual(expect.any(Array));
    expect(proof.filename).toMatch(/^proof-meeting-wm-kes\..+\.json$/);
  });

  it('downloads PDFs: a meeting’s minutes (from the meeting page and the audit page), the council’s register of a year, the agreement', async () => {
    await page.goto(`/meetings/${MEETING}`);
    const fromMeeting = await downloadOf(page, () => page.getByTestId('minutes-pdf').click(), '/minutes');
    expect(fromMeeting.response.status()).toBe(200);
    expect(fromMeeting.response.headers()['content-type']).toBe('application/pdf');
    expect(fromMeeting.saved.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(fromMeeting.filename).toBe(`minutes-${MEETING}-pl.pdf`);

    await page.goto('/clusters/wm-kes/audit');
    await page.getByRole('combobox', { name: 'Posiedzenie' }).click();
    await page.getByRole('option', { name: /1\. kwartał 2015/ }).click();
    const fromAudit = await downloadOf(page, () => page.getByTestId('pdf-minutes').click(), '/minutes');
    expect(fromAudit.response.headers()['content-type']).toBe('application/pdf');
    expect(fromAudit.saved.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The council's register of resolutions of 2015.
    await page.getByRole('textbox', { name: 'Rok' }).fill('2015');
    const register = await downloadOf(page, () => page.getByTestId('pdf-register').click(), '/documents/resolutions/');
    expect(register.response.url()).toContain('/documents/resolutions/council/2015?');
    expect(register.response.headers()['content-type']).toBe('application/pdf');
    expect(register.saved.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const agreement = await downloadOf(page, () => page.getByTestId('pdf-agreement').click(), '/documents/agreement/');
    expect(agreement.response.headers()['content-type']).toBe('application/pdf');
    expect(agreement.saved.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('no serious or critical axe violation on the audit views in Polish (desktop) and English (phone); screenshots at both widths', async () => {
    const found: Record<string, unknown> = {};
    await page.setViewportSize(DESKTOP);
    await page.goto('/clusters/wm-kes/audit?type=VoteClosed,ResolutionNumberAssigned');
    await entries(page).first().waitFor();
    await page.getByTestId('run-verify').click();
    await page.getByTestId('verify-result').waitFor();
    await page.getByTestId('diff').waitFor();
    const check = async (what: string) => {
      const violations = await seriousViolations(page);
      if (violations.length) found[what] = violations;
    };
    await check('pl desktop');
    await screenshot(page, 'audit-trail-desktop');
    await page.getByTestId('pdf-agreement').scrollIntoViewIfNeeded();
    await screenshot(page, 'audit-exports-desktop');
    await page.setViewportSize(PHONE);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'audit-trail-phone');
    await page.getByTestId('language').getByText('EN').click();
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    await entries(page).first().getByTestId('trail-act').filter({ hasText: /^Vote closed/ }).waitFor();
    await check('en phone');
    await page.getByTestId('verification').scrollIntoViewIfNeeded();
    await screenshot(page, 'audit-integrity-phone');
    await page.getByTestId('language').getByText('PL').click();
    expect(found).toEqual({});
  });

  it('an auditor signed in with a passkey (a cookie session, no stored token) downloads the CSV export too', async () => {
    const issued = await rig.server.call('POST', '/api/clusters/wm-kes/invitations', { as: COORDINATOR, body: { role: 'auditor' } });
    expect(issued.status).toBe(201);
    const fragment = new URL(issued.body.invitation.link).hash;
    const newcomer = await rig.as(null, { localhost: true, locale: 'pl' });
    // Chromium's virtual authenticator: a platform passkey that always says yes.
    const cdp = await newcomer.context().newCDPSession(newcomer);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await newcomer.goto(`/invitations${fragment}`);
    await newcomer.getByRole('textbox', { name: 'Imię i nazwisko' }).fill('Ewa Rewident');
    await newcomer.getByTestId('accept-passkey').click();
    await newcomer.getByRole('heading', { name: 'Moja skrzynka' }).waitFor();
    await expect(newcomer.evaluate<string | null>(`localStorage.getItem('klaster.token')`)).resolves.toBeNull();

    await newcomer.getByRole('link', { name: 'Audyt' }).click();
    await entries(newcomer).first().waitFor();
    const csv = await downloadOf(newcomer, () => newcomer.getByTestId('export-csv').click(), '/audit/export.csv');
    expect(csv.response.status()).toBe(200);
    expect(csv.response.headers()['content-type']).toMatch(/^text\/csv/);
    expect(csv.saved.toString('utf8')).toMatch(/^\uFEFF?position,recorded_at,occurred_at/);
    await newcomer.context().close();
  });

  it('a member who is not an auditor gets no audit data: the refusal in their language, and no audit link', async () => {
    const member = await rig.as(MEMBER, { locale: 'pl' });
    await member.goto('/clusters/wm-kes');
    await member.getByRole('link', { name: 'Porozumienie' }).first().waitFor();
    await expect(member.getByRole('link', { name: 'Audyt' }).count()).resolves.toBe(0);
    // The auditor has the link.
    await expect(page.getByRole('link', { name: 'Audyt' }).count()).resolves.toBeGreaterThan(0);

    const refused = member.waitForResponse((r) => r.url().includes('/audit/trail'));
    await member.goto('/clusters/wm-kes/audit');
    expect((await refused).status()).toBe(403);
    const error = member.getByTestId('error').first();
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('Dziennik audytu, weryfikacja i eksport są dostępne dla audytorów, koordynatora i osób prowadzących rejestr klastra.');
    await expect(entries(member).count()).resolves.toBe(0);
    await expect(member.getByTestId('export-csv').count()).resolves.toBe(0);
    await member.getByTestId('language').getByText('EN').click();
    await error.filter({ hasText: "The audit trail, verification and exports are for the cluster's auditors" }).waitFor();
    await member.context().close();
  });

  // Last: it breaks the record for good.
  it('a changed event: verify says the record is broken, naming the first broken event and what broke', async () => {
    // Someone with the database file edits an act of 2015 (dropping the guard that forbids it).
    const stream = `meeting-${MEETING}`;
    const db = new Database(join(rig.server.dataDir, 'events.sqlite'));
    try {
      const guard = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_are_immutable'").get() as { sql: string };
      db.exec('DROP TRIGGER events_are_immutable');
      expect(db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = 3').run('{"forged":true}', stream).changes).toBe(1);
      db.exec(guard.sql);
    } finally {
      db.close();
    }
    await page.setViewportSize(DESKTOP);
    await page.goto('/clusters/wm-kes/audit');
    await page.getByTestId('verify-result').waitFor();
    await page.getByTestId('run-verify').click();
    const result = page.locator('[data-testid=verify-result][data-ok=false]');
    await result.waitFor();
    await expect(result.getByTestId('verify-first-problem').getAttribute('data-kind')).resolves.toBe('changed');
    await expect(result.getByTestId('verify-first-problem').textContent()).resolves.toBe('Zdarzenie zmienione');
    await expect(result.textContent()).resolves.toContain(`Strumień ${stream}, rewizja 3,`);
    await expect(result.textContent()).resolves.toMatch(/^Rejestr naruszony \(\d+ problem/);
  });
});
