import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import type { Role } from '@lib/platform';
import type { TestPlatform } from '../../support/harness';

export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'artifacts', 'screenshots');

/** Debian's chromium, headless; playwright-core never downloads a browser. A fresh profile per launch. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The embedded platform's own origin: the API and the web app on one port. */
export function baseUrl(p: TestPlatform): string {
  return `http://127.0.0.1:${(p.app('campaigns').getHttpServer().address() as AddressInfo).port}`;
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Errors the page threw or logged: a suite asserts there are none. */
  errors: string[];
}

export async function visitor(
  browser: Browser,
  base: string,
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<Visitor> {
  const context = await browser.newContext({ baseURL: base, locale: options.locale ?? 'en-GB', viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // a failed request is also logged by the browser: API refusals the test provokes on purpose are expected
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

/** Logs in through the login screen (dev tokens), as a person would. */
export async function login(page: Page, sub: string, roles: Role[]): Promise<void> {
  await page.goto('/#/login');
  await page.locator('input[name="sub"]').fill(sub);
  for (const r of ['citizen', 'promoter', 'funder', 'verifier', 'admin'] as Role[]) {
    await page.locator(`input[name="roles"][value="${r}"]`).setChecked(roles.includes(r));
  }
  await page.locator('form button[type="submit"]').click();
  await page.getByText(new RegExp(`(Signed in as|Accesso come) ${sub}`)).waitFor();
}

/** axe-core on the current page: no serious or critical violation (WCAG 2.1 A/AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
  expect(bad).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
