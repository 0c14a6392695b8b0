import type { Browser } from 'playwright-core';
import { aCall, isoIn } from '../../support/fixtures';
import { bearer } from '../../support/flows';
import type { TestPlatform } from '../../support/harness';
import { expectAccessible, screenshot, visitor, Visitor } from './browser';

/**
 * What the promoter and funder suites (promoter-funder*.web-spec.ts) start from: the funder's open call
 * 'Quartieri Connessi 2027' and its 1:1 matching fund; answers the call's id.
 */
export async function openCallWithMatchFund(p: TestPlatform, funderToken: string): Promise<string> {
  const now = p.clock.now().getTime();
  const call = await p.api
    .post('/calls')
    .set(bearer(funderToken))
    .send(aCall({ title: 'Quartieri Connessi 2027', opensAt: isoIn(-1, now), closesAt: isoIn(90, now) }))
    .expect(201);
  const callId = call.body.id as string;
  const fund = (
    await p.api
      .post('/funds')
      .set(bearer(funderToken))
      .send({ name: 'Comune di Milano — match', currency: 'EUR', budgetAmount: 1_000_000, sourceTags: ['municipal', 'ESF+'] })
      .expect(201)
  ).body;
  await p.api
    .post(`/funds/${fund.id}/rules`)
    .set(bearer(funderToken))
    .send({ type: 'ratio', numerator: 1, denominator: 1, eligibility: { callIds: [callId] } })
    .expect(201);
  await p.drain();
  return callId;
}

/** A draft outside the call's areas and under its co-financing minimum (promoter-funder.web-spec.ts: the call shows why it refuses it). */
export const ineligibleDraft = (callId: string, now: number) => ({
  title: 'Murales a Brera',
  summary: 's',
  description: 'd',
  callId,
  area: 'Brera',
  category: 'social_concierge',
  promoterType: 'ets',
  goalAmount: 500_000,
  currency: 'EUR',
  fundingModel: 'all_or_nothing',
  startsAt: isoIn(-1, now),
  endsAt: isoIn(30, now),
  cofinancingAmount: 0,
  upfrontSharePct: 100,
  failedMilestonePolicy: 'refund_donor_share',
  milestones: [],
});

/**
 * Everyone's view once the tranches are paid (promoter-funder.web-spec.ts): the transparency page, the
 * campaign with its verified milestone and the promoter's update as text, the login screen; answers the
 * visitor, whose errors the suite checks.
 */
export async function visitPublicPages(browser: Browser, base: string, campaignId: string, title: string): Promise<Visitor> {
  const citizen = await visitor(browser, base);
  await citizen.page.goto('/#/transparency');
  await citizen.page.getByRole('heading', { name: 'Where the public money went' }).waitFor();
  await citizen.page.locator('[data-fund]').filter({ hasText: 'Comune di Milano — match' }).waitFor();
  await citizen.page.getByRole('cell', { name: 'released' }).first().waitFor();
  await citizen.page.getByRole('cell', { name: title }).first().waitFor();
  await expectAccessible(citizen.page);
  await screenshot(citizen.page, 'transparency');
  await citizen.page.goto(`/#/campaigns/${campaignId}`);
  await citizen.page.locator('[data-status="verified"]').waitFor();
  // the promoter's update, rendered as text (markup in it is not interpreted)
  await citizen.page.getByText('The first tomatoes <b>are</b> ripe.').waitFor();
  await screenshot(citizen.page, 'campaign-in-delivery');
  await citizen.page.goto('/#/login');
  await citizen.page.getByRole('heading', { name: 'Log in' }).waitFor();
  await expectAccessible(citizen.page);
  await screenshot(citizen.page, 'login');
  return citizen;
}
