import { CallTerms, CampaignFacts, eligibilityProblems } from './eligibility';

const call: CallTerms = {
  opensAt: new Date('2027-01-01T00:00:00Z'),
  closesAt: new Date('2027-06-30T00:00:00Z'),
  eligibleAreas: ['Giambellino', 'Corvetto'],
  categories: ['social_concierge'],
  promoterTypes: ['ets', 'informal_group'],
  currency: 'EUR',
  minGoalAmount: 500_000,
  maxGoalAmount: 14_000_000,
  minCofinancingPct: { informal_group: 5, ets: 10 },
  maxCampaigns: 2,
};
const campaign: CampaignFacts = {
  area: 'Giambellino',
  category: 'social_concierge',
  promoterType: 'ets',
  currency: 'EUR',
  goalAmount: 1_200_000,
  cofinancingAmount: 120_000,
  upfrontSharePct: 20,
  endsAt: new Date('2027-04-01T00:00:00Z'),
  milestones: [{ payoutSharePct: 80, dueAt: new Date('2027-12-01T00:00:00Z') }],
};
const now = new Date('2027-02-01T00:00:00Z');

describe('eligibilityProblems', () => {
  it('accepts a campaign that meets every rule, co-financing exactly at the minimum', () => {
    expect(eligibilityProblems(call, campaign, now, 0)).toEqual([]);
  });

  it('refuses co-financing one cent below 10% for an ETS', () => {
    expect(eligibilityProblems(call, { ...campaign, cofinancingAmount: 119_999 }, now, 0)).toEqual([
      'co-financing 119999 is below the minimum 10% of the goal for ets',
    ]);
  });

  it('lists every failed rule at once', () => {
    const problems = eligibilityProblems(
      call,
      { ...campaign, area: 'Brera', goalAmount: 100, upfrontSharePct: 30, milestones: [{ payoutSharePct: 80, dueAt: new Date('2027-03-01T00:00:00Z') }] },
      new Date('2027-07-01T00:00:00Z'),
      2,
    );
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/not open[\s\S]*full[\s\S]*Brera[\s\S]*outside[\s\S]*110[\s\S]*milestone 1/);
  });
});
