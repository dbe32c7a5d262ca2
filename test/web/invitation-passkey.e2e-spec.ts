import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mintToken } from '@klaster/identity';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';
import { CHROMIUM, DESKTOP, PHONE, screenshot, seriousViolations } from './support/browser';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A person who has never seen Klaster: the coordinator invites them, they open the link in their own
 * browser, accept with a passkey (Chromium's virtual authenticator, through the DevTools protocol's
 * WebAuthn domain), sign out, sign in again with the passkey and see their cluster. Passkeys need a
 * host name (not an IP address) as their relying party: the pages are opened at http://localhost.
 */
describe('an invitation accepted with a passkey, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let origin: string;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startTestServer({ SIGN_IN_RATE_LIMIT_PER_ADDRESS: '0' });
    await foundSmallCluster(server, 'kl');
    origin = server.url.replace('127.0.0.1', 'localhost');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function newPage(options: { token?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    // bypassCSP: axe-core is injected as an inline script, which the server's policy (rightly) refuses.
    const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, baseURL: origin, timezoneId: 'Europe/Warsaw', bypassCSP: true });
    contexts.push(context);
    if (options.token) await context.addInitScript({ content: `if (!localStorage.getItem('klaster.token')) localStorage.setItem('klaster.token', ${JSON.stringify(options.token)});` });
    context.setDefaultTimeout(15_000);
    return context.newPage();
  }

  /** Chromium's virtual authenticator on this page: a platform passkey that always says yes. */
  async function virtualAuthenticator(page: Page): Promise<{ credentials(): Promise<unknown[]> }> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    return { credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials };
  }

  let link: string;

  it('the coordinator invites a person to represent a member and gets the link once', async () => {
    const page = await newPage({ token: await mintToken(TEST_SECRET, 'p1') });
    await page.goto('/clusters/kl');
    await page.getByRole('heading', { name: 'Zaproszenia', exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Członek' }).click();
    await page.getByRole('option', { name: 'Organizacja 2' }).click();
    await page.getByTestId('invite-submit').click();
    link = await page.getByTestId('invitation-link').inputValue();
    expect(link).toMatch(new RegExp(`^${origin}/invitations#kl\\.[A-Za-z0-9_-]{43}$`));
    await page.getByTestId('open-invitations').getByText('reprezentowania').or(page.getByTestId('open-invitations').getByText('Organizacja 2')).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  let newcomer: Page;
  let authenticator: { credentials(): Promise<unknown[]> };

  it('the person opens the link in their own browser, accepts and registers a passkey, and lands in their cluster', async () => {
    newcomer = await newPage({ viewport: PHONE });
    authenticator = await virtualAuthenticator(newcomer);
    await newcomer.goto(link);
    await newcomer.getByTestId('invitation-what').filter({ hasText: 'Klaster kl' }).waitFor();
    await expect(newcomer.getByTestId('invitation-what').textContent()).resolves.toContain('Organizacja 2');
    expect(await seriousViolations(newcomer)).toEqual([]);
    await screenshot(newcomer, 'invitation-phone');
    await newcomer.getByRole('textbox', { name: 'Imię i nazwisko' }).fill('Anna Kowalska');
    await newcomer.getByTestId('accept-passkey').click();
    // Signed in: the inbox, with the cluster they now act in.
    await newcomer.getByRole('heading', { name: 'Moja skrzynka' }).waitFor();
    await newcomer.getByText('Klaster kl').first().waitFor();
    expect(newcomer.url()).toBe(`${origin}/`);
    expect(await authenticator.credentials()).toHaveLength(1);
    // The token never stayed in the address bar, and the page keeps no token in storage.
    await expect(newcomer.evaluate<string | null>(`localStorage.getItem('klaster.token')`)).resolves.toBeNull();
  });

  it('the link works once: opened again, it says so', async () => {
    const other = await newPage();
    await other.goto(link);
    await other.getByText('To zaproszenie zostało już wykorzystane.').waitFor();
  });

  it('a reload keeps the session (the cookie gives a new access token)', async () => {
    await newcomer.reload();
    await newcomer.getByText('Klaster kl').first().waitFor();
  });

  it('signs out, then signs in again with the passkey and sees the cluster', async () => {
    await newcomer.getByRole('button', { name: 'Menu' }).click();
    await newcomer.getByRole('button', { name: 'Wyloguj' }).click();
    await newcomer.getByTestId('sign-in-passkey').waitFor();
    expect(await seriousViolations(newcomer)).toEqual([]);
    // Signed out means signed out: a reload does not bring the session back.
    await newcomer.reload();
    await newcomer.getByTestId('sign-in-passkey').click();
    await newcomer.getByRole('heading', { name: 'Moja skrzynka' }).waitFor();
    await newcomer.getByText('Klaster kl').first().waitFor();
    await newcomer.goto('/clusters/kl');
    await newcomer.getByText('Organizacja 2').first().waitFor();
  });

  it('the person’s devices list the passkey; the coordinator’s open invitations no longer hold it', async () => {
    await newcomer.goto('/me/devices');
    await newcomer.getByTestId('devices').getByText('Moje urządzenie').waitFor();
    expect(await seriousViolations(newcomer)).toEqual([]);
    const coordinator = await newPage({ token: await mintToken(TEST_SECRET, 'p1') });
    await coordinator.goto('/clusters/kl');
    await coordinator.getByText('Żadne zaproszenie nie czeka na przyjęcie.').waitFor();
  });
});
