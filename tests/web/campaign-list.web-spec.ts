import type { Browser } from 'playwright-core';
import { cast, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { baseUrl, expectAccessible, launchBrowser, visitor } from './support/browser';

/**
 * The campaign list pages by cursor: 13 live campaigns are one page of 12 and "Show more campaigns",
 * which appends the 13th (asked with the first page's nextCursor) and moves focus to it; a change
 * of sort starts again from the first page.
 */
describe('web: the campaign list pages by cursor', () => {
  let p: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    [p, browser] = await Promise.all([startTestPlatform(), launchBrowser()]);
    const who = cast(p);
    for (let i = 1; i <= 13; i++) await publishCampaign(p, who, { title: `Orto condiviso ${String(i).padStart(2, '0')}` });
  });
  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('shows 12, then the 13th by its cursor, focus on it; a new sort starts over', async () => {
    const { page, errors, context } = await visitor(browser, baseUrl(p));
    const asked: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/campaigns') asked.push(url.search);
    });
    await page.goto('/');
    await page.getByTestId('result-count').filter({ hasText: '13 campaigns · 12 shown' }).waitFor();
    await expect(page.locator('.campaign-card').count()).resolves.toBe(12);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Show more campaigns' }).click();
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^13 campaigns$/ })
      .waitFor();
    await expect(page.locator('.campaign-card').count()).resolves.toBe(13);
    await expect(page.getByRole('button', { name: 'Show more campaigns' }).count()).resolves.toBe(0); // the last page
    const focused = await page.evaluate('document.activeElement && document.activeElement.textContent');
    const last = await page.locator('.campaign-card h2 a').nth(12).textContent();
    expect(focused).toBe(last);
    expect(asked.at(-1)).toMatch(/cursor=[^&]+/);
    expect(asked.at(-1)).toContain('includeTotal=false');
    expect(page.url()).not.toContain('page=');

    await page.getByLabel('Sort by').selectOption('ending_soon');
    await page.getByTestId('result-count').filter({ hasText: '13 campaigns · 12 shown' }).waitFor();
    expect(asked.at(-1)).not.toContain('cursor=');
    expect(asked.at(-1)).toContain('sort=ending_soon');
    await expect(page.locator('.campaign-card').count()).resolves.toBe(12);
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
