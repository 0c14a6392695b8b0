import type { Browser } from 'playwright-core';
import { bearer, cast, Cast, publishCampaign } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { baseUrl, expectAccessible, launchBrowser, login, screenshot, visitor } from './support/browser';

/**
 * A citizen, in a real browser: finds a campaign with the filters, sees the live match quote,
 * pledges and pays with the sandbox card, and sees the progress bar move; a declined card is
 * reported; "my pledges" lists the pledge with its receipt.
 */
describe('web: citizens find a campaign and pledge', () => {
  let p: TestPlatform;
  let browser: Browser;
  let who: Cast;
  let target: { id: string };

  beforeAll(async () => {
    [p, browser] = await Promise.all([startTestPlatform(), launchBrowser()]);
    who = cast(p);
    target = await publishCampaign(p, who, { title: 'Portineria di quartiere Giambellino', summary: 'Parcels, repairs and paperwork help' });
    // a second campaign in another neighbourhood and theme, which the filters must leave out
    await publishCampaign(p, cast(p), { title: 'Cortile in festa', summary: 'Courtyard parties in Corvetto', area: 'Corvetto', category: 'animation' });
    const fund = (
      await p.api
        .post('/funds')
        .set(bearer(who.funder))
        .send({ name: 'Comune — match 1:1', currency: 'EUR', budgetAmount: 500_000, sourceTags: ['municipal'] })
        .expect(201)
    ).body;
    await p.api.post(`/funds/${fund.id}/rules`).set(bearer(who.funder)).send({ type: 'ratio', numerator: 1, denominator: 1, eligibility: {} }).expect(201);
    await p.drain();
  });
  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('filters, quotes the match, pays with 4242…, and the bar moves; 4000…0002 is declined', async () => {
    const { page, errors, context } = await visitor(browser, baseUrl(p));
    await page.goto('/');
    await page.getByRole('heading', { name: 'Neighbourhood projects' }).waitFor();
    await page.getByTestId('result-count').filter({ hasText: '2 campaigns' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'campaigns');

    await login(page, `anna-${Date.now()}`, ['citizen']);
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByLabel('Neighbourhood').selectOption('Giambellino');
    await page.getByLabel('Theme').selectOption('social_concierge');
    await page.getByRole('searchbox', { name: 'Search' }).fill('portineria');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('result-count').filter({ hasText: '1 campaign' }).waitFor();
    expect(page.url()).toContain('area=Giambellino');
    await page.getByRole('link', { name: 'Portineria di quartiere Giambellino' }).click();

    await page.getByRole('heading', { level: 1, name: 'Portineria di quartiere Giambellino' }).waitFor();
    await expect(page.getByTestId('pledged').textContent()).resolves.toBe('€0.00');
    await page.getByLabel('Amount (€)').fill('25,50');
    await page.getByTestId('quote').filter({ hasText: 'Your €25.50 becomes €51.00 with the match' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'campaign');

    // a declined card: the error is shown, nothing is counted
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('alert').filter({ hasText: 'The payment failed' }).waitFor();

    // a new attempt (a new pledge, a new Idempotency-Key) with the good card
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByLabel('Card number').fill('4242424242424242');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you! Your pledge of €25.50 is confirmed.' }).waitFor();

    // progress is a read model fed by events: once they are delivered, the page shows it
    await p.drain();
    await page.getByTestId('pledged').filter({ hasText: '€25.50' }).waitFor();
    await page.getByTestId('matched').filter({ hasText: '€25.50' }).waitFor();
    await page.getByTestId('backers').filter({ hasText: '1 backer' }).waitFor();
    const bar = page.locator('.progress');
    await expect(bar.getAttribute('data-pledged')).resolves.toBe('2550');

    const campaign = (await p.api.get(`/campaigns/${target.id}`).expect(200)).body;
    expect(campaign.progress).toMatchObject({ pledgedAmount: 2550, matchedAmount: 2550, backers: 1 });

    // my pledges: the failed attempt and the confirmed one, with a receipt
    await page.getByRole('navigation').getByRole('link', { name: 'My pledges' }).click();
    await page.getByRole('heading', { name: 'My pledges' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Confirmed' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Failed' }).waitFor();
    // axe before the receipt opens: the receipt is the server's HTML in a sandboxed frame without
    // scripts, where axe cannot be injected (it would wait for it forever)
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Show receipt' }).click();
    const receipt = page.frameLocator('iframe.receipt');
    await receipt.getByText('Portineria di quartiere Giambellino').first().waitFor();
    await screenshot(page, 'my-pledges');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('serves the page under a strict Content-Security-Policy: an injected inline script does not run', async () => {
    const { page, errors, context } = await visitor(browser, baseUrl(p));
    const response = await page.goto('/');
    const csp = response?.headers()['content-security-policy'] ?? '';
    for (const directive of ["script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"]) expect(csp).toContain(directive);
    await page.getByRole('heading', { name: 'Neighbourhood projects' }).waitFor();
    // (a string, so this file needs no DOM typings) — what an injected <script> in stored text would do
    const ran = await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.appendChild(script);
      return window.__injected === true;
    })()`);
    expect(ran).toBe(false);
    expect(errors.some((e) => /Content Security Policy/.test(e))).toBe(true); // refused, and reported
    await context.close();
  });

  it('switches between Italian and English; the browser language decides first', async () => {
    const { page, errors, context } = await visitor(browser, baseUrl(p), { locale: 'it-IT' });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Progetti di quartiere' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('it');
    await page.getByRole('link', { name: 'Portineria di quartiere Giambellino' }).click();
    await page.getByText('Obiettivo', { exact: false }).first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'campaign-it');
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('link', { name: 'All campaigns' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    // the choice is remembered
    await page.reload();
    await page.getByRole('link', { name: 'All campaigns' }).waitFor();
    await page.getByRole('button', { name: 'IT' }).click();
    await page.getByRole('link', { name: 'Tutte le campagne' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone: no horizontal scrolling; focus follows navigation; skip link and pledge box by keyboard', async () => {
    const { page, errors, context } = await visitor(browser, baseUrl(p), { viewport: { width: 375, height: 740 } });
    await page.goto('/');
    await page.getByRole('link', { name: 'Portineria di quartiere Giambellino' }).waitFor();
    await expect(page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).resolves.toBe(true);
    await screenshot(page, 'campaigns-phone');
    await page.getByRole('link', { name: 'Portineria di quartiere Giambellino' }).click();
    await page.getByRole('heading', { level: 1, name: 'Portineria di quartiere Giambellino' }).waitFor();
    await expect(page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).resolves.toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'campaign-phone');
    // keyboard: after a navigation, focus is on the new page's content
    await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('main');
    // on a fresh load the skip link comes first and moves focus to the content
    const fresh = await context.newPage();
    await fresh.goto(page.url());
    await fresh.getByRole('heading', { level: 1, name: 'Portineria di quartiere Giambellino' }).waitFor();
    await fresh.bringToFront();
    await fresh.keyboard.press('Tab');
    await expect(fresh.evaluate('document.activeElement && document.activeElement.className')).resolves.toBe('skip');
    await fresh.keyboard.press('Enter');
    await expect(fresh.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('main');
    // then the pledge box (for a visitor: its log-in link) is reachable with Tab alone
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await fresh.keyboard.press('Tab');
      reached = (await fresh.evaluate('document.activeElement && document.activeElement.textContent')) === 'Log in as a citizen to pledge.';
    }
    expect(reached).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
