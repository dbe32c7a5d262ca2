import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';
import { startTestProvider, type TestProvider } from '../support/oidc-provider';
import { CHROMIUM, DESKTOP } from './support/browser';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The organisation's OpenID Connect provider: a real oidc-provider in this process (a worker thread),
 * Klaster configured with OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, and a person in the
 * browser: an invitation accepted through the provider links their subject to a new Klaster person;
 * later the provider alone signs them in; a subject never linked is told to accept an invitation.
 */
describe('signing in with the organisation’s OIDC provider, in the browser', () => {
  let provider: TestProvider;
  let server: TestServer;
  let browser: Browser;
  let origin: string;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    provider = await startTestProvider();
    server = await startTestServer({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'klaster', OIDC_CLIENT_SECRET: 'a-client-secret-for-tests', OIDC_NAME: 'Urząd Miasta', SIGN_IN_RATE_LIMIT_PER_ADDRESS: '0' });
    origin = server.url.replace('127.0.0.1', 'localhost');
    await provider.register({ clientId: 'klaster', clientSecret: 'a-client-secret-for-tests', redirectUri: `${origin}/api/auth/oidc/callback` });
    await foundSmallCluster(server, 'kl');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await provider?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, baseURL: origin, timezoneId: 'Europe/Warsaw' });
    contexts.push(context);
    context.setDefaultTimeout(15_000);
    return context.newPage();
  }

  /** The provider's development login and consent pages: any name signs in. */
  async function logInAtProvider(page: Page, login: string): Promise<void> {
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    // Each submit moves to another page: the consent page (the first time), then back to Klaster.
    for (let step = 0; step < 3 && new URL(page.url()).origin === provider.issuer; step++) {
      const before = page.url();
      await page.locator('button[type="submit"]').first().click();
      await page.waitForURL((url) => url.href !== before);
      await page.waitForLoadState('load');
    }
  }

  const invitationLink = async (memberId: string) => {
    const issued = await server.call('POST', '/api/clusters/kl/invitations', { as: 'p1', body: { role: 'representative', memberId } });
    expect(issued.status).toBe(201);
    return (issued.body.invitation.link as string).replace('127.0.0.1', 'localhost');
  };
  const representativeOf = async (memberId: string) =>
    ((await server.call('GET', '/api/clusters/kl', { as: 'p1', position: false })).body.members as { memberId: string; representative: { personId: string } }[]).find((m) => m.memberId === memberId)!.representative.personId;

  it('accepting an invitation through the provider links the subject to a new person, who lands in their cluster', async () => {
    const page = await newPage();
    await page.goto(await invitationLink('m2'));
    await page.getByTestId('accept-provider').filter({ hasText: 'Urząd Miasta' }).click();
    await logInAtProvider(page, 'anna.kowalska');
    await page.waitForURL(`${origin}/`);
    await page.getByText('Klaster kl').first().waitFor();
    expect(await representativeOf('m2')).toMatch(/^p-/);
  });

  it('later the provider alone signs the same person in; a second invitation accepted through it keeps the same person', async () => {
    const first = await representativeOf('m2');
    const page = await newPage();
    await page.goto('/');
    await page.getByTestId('sign-in-provider').click();
    await logInAtProvider(page, 'anna.kowalska');
    await page.getByText('Klaster kl').first().waitFor();
    // Linked once: the subject's next invitation (another member) is accepted by the same person.
    const elsewhere = await newPage();
    await elsewhere.goto(await invitationLink('m3'));
    await elsewhere.getByTestId('accept-provider').click();
    await logInAtProvider(elsewhere, 'anna.kowalska');
    await elsewhere.waitForURL(`${origin}/`);
    await elsewhere.getByText('Klaster kl').first().waitFor();
    expect(await representativeOf('m3')).toBe(first);
  });

  it('a subject no invitation linked is sent back to sign-in with the reason', async () => {
    const page = await newPage();
    await page.goto('/');
    await page.getByTestId('sign-in-provider').click();
    await logInAtProvider(page, 'someone.else');
    await page.getByTestId('sign-in-error').waitFor();
    await expect(page.getByTestId('sign-in-error').textContent()).resolves.toContain('nie jest jeszcze połączone');
    expect(new URL(page.url()).searchParams.get('signInError')).toBe('oidc_not_linked');
  });
});
