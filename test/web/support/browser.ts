import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mintToken } from '@klaster/identity';
import { loadSeed004 } from '../../../apps/server/src/demo/load-seed-004';
import { startTestServer, TEST_SECRET, type TestServer } from '../../support/test-server';

/** Debian's Chromium, never a downloaded browser; a fresh, empty profile per run. */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

export interface WebRig {
  server: TestServer;
  /** A browser context signed in as a person (its token in localStorage, as the sign-in leaves it); null: signed out. */
  /** `axe`: the context may inject axe-core (it bypasses the page's CSP, which every other context keeps). */
  /** `localhost`: the page is opened at http://localhost (passkeys need a host name, not an IP address). */
  as(personId: string | null, options?: { viewport?: { width: number; height: number }; locale?: 'pl' | 'en'; axe?: boolean; localhost?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * One real server (temporary data folder, demo loaded) and one Chromium; each person is a context of
 * that browser (its own storage and socket), so a file's tests share one launch.
 */
export async function startWebRig(): Promise<WebRig> {
  const server = await startTestServer({ DEMO: 'true' });
  await loadSeed004(server.app);
  // playwright-core starts Chromium on a new, empty temporary user-data dir of its own and removes it on close.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const contexts: BrowserContext[] = [];
  return {
    server,
    async as(personId, options = {}) {
      // The page runs under the server's CSP (helmet), as in a user's browser; only a context that must
      // inject axe-core (an inline script) bypasses it.
      const baseURL = options.localhost ? server.url.replace('127.0.0.1', 'localhost') : server.url;
      const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, baseURL, timezoneId: 'Europe/Warsaw', bypassCSP: options.axe ?? false });
      contexts.push(context);
      const token = personId ? await mintToken(TEST_SECRET, personId) : '';
      // Page scripts are strings: the test code is type-checked for Node, without the DOM's types.
      const set = (key: string, value: string) => (value ? `if (!localStorage.getItem(${JSON.stringify(key)})) localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(value)});` : '');
      await context.addInitScript({ content: set('klaster.token', token) + set('klaster.locale', options.locale ?? '') });
      context.setDefaultTimeout(10_000);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await server.close();
    },
  };
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core in the page: the violations a person would meet, serious or critical only. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; nodes: string[] }[]> {
  if (!(await page.evaluate<boolean>(`'axe' in window`))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>(`axe.run(document, { resultTypes: ['violations'] })`);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/**
 * Takes a screenshot of the page: into docs/screenshots (shown in the README) when the run is asked to
 * refresh them (`UPDATE_SCREENSHOTS=1`), else into a scratch folder, so an ordinary run changes no file.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '..', '..', '..', 'docs', 'screenshots') : join(tmpdir(), 'klaster-screenshots');
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: false });
}

/** The focused element's text and accessible label (for keyboard-only checks). */
export const focused = (page: Page) =>
  page.evaluate<{ text: string; label: string }>(`({ text: document.activeElement?.textContent ?? '', label: document.activeElement?.getAttribute('aria-label') ?? '' })`);
