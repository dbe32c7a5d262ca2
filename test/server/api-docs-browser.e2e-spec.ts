import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/test-server';

const CHROMIUM = '/usr/bin/chromium';

/** The Swagger UI page under helmet's content security policy, in a real browser (Debian's chromium). */
describe('the API docs page in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  // One page, loaded once: Swagger UI renders the whole document (the slow part, ~20 s on a busy
  // machine); the first test checks how it loaded, the second expands operations on it.
  let page: Page;
  let response: Response | null;
  const problems: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (Debian's; never a downloaded browser)`);
    // No background networking: this machine has no network but the package registries.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    response = await page.goto(`${server.url}/api/docs/`);
    await page.waitForSelector('.swagger-ui .opblock', { timeout: 90_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server.close();
  });

  it('renders every operation, with nothing refused by the security policy', async () => {
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['x-powered-by']).toBeUndefined();
    expect(await page.locator('.swagger-ui .info .title').innerText()).toMatch(/Klaster/);
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThanOrEqual(14);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
  }, 120_000);

  it('shows each answer with its schema and example: the bodies read, a command, an error', async () => {
    const bodies = page.locator('#operations-clusters-GetClusterBodies');
    // Expanding sets the page's hash: nothing to wait for after the click.
    await bodies.locator('.opblock-summary').click({ timeout: 90_000, noWaitAfter: true });
    const answers = bodies.locator('.responses-wrapper');
    await answers.waitFor({ timeout: 90_000 });
    expect(await answers.innerText()).toEqual(expect.stringContaining('Rada Klastra'));
    const admit = page.locator('#operations-clusters-AdmitMember');
    await admit.locator('.opblock-summary').click({ timeout: 90_000, noWaitAfter: true });
    await admit.locator('.opblock-body').waitFor({ timeout: 90_000 });
    const admitText = await admit.locator('.opblock-body').innerText();
    // The example body, the command's answer and an error with its stable code.
    expect(admitText).toEqual(expect.stringContaining('coop-slonce'));
    expect(admitText).toEqual(expect.stringContaining('"position"'));
    expect(admitText).toEqual(expect.stringContaining('stale_revision'));
    const schemas = await page.locator('.swagger-ui section.models').innerText();
    for (const name of ['Cluster', 'Bodies', 'Election', 'CommandResponse', 'Error']) expect(schemas).toEqual(expect.stringContaining(name));
    // Expanding operations is refused nothing by the policy either.
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
  }, 120_000);
});
