import type { Browser } from 'playwright-core';
import { bearer } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { baseUrl, expectAccessible, launchBrowser, login, visitor, Visitor } from './support/browser';
import { openCallWithMatchFund } from './support/promoter-funder';

/**
 * The funder's desk in the web app: opening a call, creating a fund and adding a ratio rule, each read back
 * through the API (the pay-by-result story of promoter, funder and verifier: promoter-funder.web-spec.ts).
 */
describe('web: promoter, funder and verifier', () => {
  let p: TestPlatform;
  let browser: Browser;
  const tag = Date.now().toString(36);
  const funderId = `funder-${tag}`;
  let funder: Visitor;

  beforeAll(async () => {
    [p, browser] = await Promise.all([startTestPlatform(), launchBrowser()]);
    await openCallWithMatchFund(p, p.token(funderId, 'funder'));
    funder = await visitor(browser, baseUrl(p));
    await login(funder.page, funderId, ['funder']);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('a funder opens a call, creates a fund and adds a ratio rule in the desk', async () => {
    const { page, errors } = funder;
    await page.goto('/#/funder');
    await page.getByRole('heading', { name: 'Funder desk' }).waitFor();
    await page.getByText('Open a call', { exact: true }).click();
    await page.getByLabel('Title', { exact: true }).fill('Piazze vive 2027');
    await page.getByLabel('Description').fill('Small works and events in the squares.');
    await page.getByLabel('Eligible neighbourhoods (comma separated)').fill('Corvetto, Quarto Oggiaro');
    await page.getByLabel('Themes (comma separated)').fill('animation');
    await page.getByRole('button', { name: 'Open the call' }).click();
    await page.getByRole('region', { name: 'Piazze vive 2027' }).waitFor();
    const call = (await p.api.get('/calls').expect(200)).body.find((c: { title: string }) => c.title === 'Piazze vive 2027');
    expect(call).toMatchObject({
      ownerId: funderId,
      eligibleAreas: ['Corvetto', 'Quarto Oggiaro'],
      categories: ['animation'],
      promoterTypes: ['ets', 'informal_group'],
      minGoalAmount: 100_000,
      maxGoalAmount: 10_000_000,
      minCofinancingPct: { ets: 10, informal_group: 5 },
    });

    await page.getByText('Create a fund', { exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('Fondazione di quartiere');
    await page.getByLabel('Budget (€)').fill('2.500,50');
    await page.getByLabel('Source tags (comma separated)').fill('foundation');
    await page.getByRole('button', { name: 'Create the fund' }).click();
    const fund = page.getByRole('region', { name: 'Fondazione di quartiere' });
    await fund.locator('[data-pool="available"]').filter({ hasText: '€2,500.50' }).waitFor();
    await fund.getByLabel('Match (numerator)').fill('1');
    await fund.getByLabel('per (denominator)').fill('2');
    await fund.getByLabel('Only for the call').selectOption({ label: 'Piazze vive 2027' });
    await fund.getByLabel('Max match per donor per campaign (€, optional)').fill('50');
    await fund.getByRole('button', { name: 'Add the rule' }).click();
    await fund.getByText('1:2 match · Piazze vive 2027').waitFor();
    const created = (
      await p.api
        .get('/me/funds')
        .set(bearer(p.token(funderId, 'funder')))
        .expect(200)
    ).body.find((f: { name: string }) => f.name === 'Fondazione di quartiere');
    expect(created).toMatchObject({
      budgetAmount: 250_050,
      available: 250_050,
      sourceTags: ['foundation'],
      rules: [
        expect.objectContaining({ type: 'ratio', numerator: 1, denominator: 2, maxMatchPerDonorPerCampaign: 5_000, eligibility: { callIds: [call.id] } }),
      ],
    });
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });
});
