import { CampaignFacts, ruleApplies } from './rule-eligibility';

describe('ruleApplies (which campaigns a rule matches)', () => {
  const campaign: CampaignFacts = { callId: 'call-1', area: 'Giambellino', category: 'social_concierge', promoterType: 'ets' };

  it('applies everywhere when no list is given, or every list is empty', () => {
    expect(ruleApplies({}, campaign)).toBe(true);
    expect(ruleApplies({ callIds: [], areas: [], categories: [], promoterTypes: [] }, campaign)).toBe(true);
    expect(ruleApplies({}, { ...campaign, callId: null })).toBe(true);
  });

  it('applies when the campaign is in every given list', () => {
    expect(
      ruleApplies(
        { callIds: ['call-0', 'call-1'], areas: ['Giambellino'], categories: ['social_concierge'], promoterTypes: ['ets', 'informal_group'] },
        campaign,
      ),
    ).toBe(true);
  });

  it.each([
    ['call', { callIds: ['call-2'] }],
    ['area', { areas: ['Corvetto'] }],
    ['category', { categories: ['animation'] }],
    ['promoter type', { promoterTypes: ['informal_group'] }],
  ])('does not apply when the %s is not listed (the other criteria being met)', (_what, only) => {
    const all = { callIds: ['call-1'], areas: ['Giambellino'], categories: ['social_concierge'], promoterTypes: ['ets'] };
    expect(ruleApplies({ ...all, ...only }, campaign)).toBe(false);
    expect(ruleApplies(only, campaign)).toBe(false);
  });

  it('never applies a call-restricted rule to a campaign outside any call', () => {
    expect(ruleApplies({ callIds: ['call-1'] }, { ...campaign, callId: null })).toBe(false);
  });
});
