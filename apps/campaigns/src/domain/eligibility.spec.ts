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

describe('eligibilityProblems, one rule at a time (each boundary on both sides)', () => {
  const only = (c: Partial<CampaignFacts>, at: Date = now, inCall = 0, terms: Partial<CallTerms> = {}) =>
    eligibilityProblems({ ...call, ...terms }, { ...campaign, ...c }, at, inCall);

  it('is open from opensAt included to closesAt excluded', () => {
    expect(only({}, new Date('2026-12-31T23:59:59.999Z'))).toEqual(['the call is not open (open 2027-01-01T00:00:00.000Z to 2027-06-30T00:00:00.000Z)']);
    expect(only({}, call.opensAt)).toEqual([]);
    expect(only({}, new Date(call.closesAt.getTime() - 1))).toEqual([]);
    expect(only({}, call.closesAt)).toEqual(['the call is not open (open 2027-01-01T00:00:00.000Z to 2027-06-30T00:00:00.000Z)']);
  });

  it('is full at maxCampaigns, never full without a limit', () => {
    expect(only({}, now, 1)).toEqual([]);
    expect(only({}, now, 2)).toEqual(['the call is full (2 campaigns)']);
    expect(only({}, now, 1000, { maxCampaigns: null })).toEqual([]);
  });

  it('names the area, category and promoter type that are not eligible', () => {
    expect(only({ area: 'Brera' })).toEqual(['area "Brera" is not eligible (eligible: Giambellino, Corvetto)']);
    expect(only({ category: 'sport' })).toEqual(['category "sport" is not eligible (eligible: social_concierge)']);
    expect(only({ category: 'sport' }, now, 0, { categories: ['social_concierge', 'animation'] })).toEqual([
      'category "sport" is not eligible (eligible: social_concierge, animation)',
    ]);
    expect(only({ promoterType: 'company' })).toEqual(['promoter type "company" is not eligible']);
  });

  it("refuses a currency other than the call's", () => {
    expect(only({ currency: 'CHF' })).toEqual(["currency CHF differs from the call's EUR"]);
  });

  it("keeps the goal within the call's range, both ends included", () => {
    const outside = (goal: number) => `goal ${goal} is outside the call's range 500000..14000000 cents`;
    expect(only({ goalAmount: 500_000, cofinancingAmount: 50_000 })).toEqual([]);
    expect(only({ goalAmount: 499_999, cofinancingAmount: 50_000 })).toEqual([outside(499_999)]);
    expect(only({ goalAmount: 14_000_000, cofinancingAmount: 1_400_000 })).toEqual([]);
    expect(only({ goalAmount: 14_000_001, cofinancingAmount: 1_400_001 })).toEqual([outside(14_000_001)]);
  });

  it('takes the minimum co-financing of the promoter type, none when the call sets none', () => {
    expect(only({ promoterType: 'informal_group', cofinancingAmount: 60_000 })).toEqual([]);
    expect(only({ promoterType: 'informal_group', cofinancingAmount: 59_999 })).toEqual([
      'co-financing 59999 is below the minimum 5% of the goal for informal_group',
    ]);
    expect(only({ cofinancingAmount: 0 }, now, 0, { minCofinancingPct: {} })).toEqual([]);
  });

  it('needs the shares to sum to exactly 100', () => {
    expect(only({ upfrontSharePct: 19 })).toEqual(['upfront and milestone shares sum to 99, not 100']);
    expect(only({ upfrontSharePct: 21 })).toEqual(['upfront and milestone shares sum to 101, not 100']);
  });

  it('needs every milestone due strictly after the campaign ends, numbered from 1', () => {
    const endsAt = campaign.endsAt;
    const milestones = [
      { payoutSharePct: 40, dueAt: new Date(endsAt.getTime() + 1) },
      { payoutSharePct: 40, dueAt: endsAt },
    ];
    expect(only({ milestones })).toEqual(['milestone 2 is due before the campaign ends']);
  });
});
