import { awaitsClosingDecision, decideOutcome, statusAfterClose } from './closing';
import { CAMPAIGN_STATUSES } from './campaign';

describe('decideOutcome', () => {
  it('all-or-nothing succeeds exactly at the goal, counting the committed match', () => {
    expect(decideOutcome({ fundingModel: 'all_or_nothing', goalAmount: 10_000, crowdAmount: 6_000, matchAmount: 4_000 }).outcome).toBe('succeeded');
    expect(decideOutcome({ fundingModel: 'all_or_nothing', goalAmount: 10_000, crowdAmount: 6_000, matchAmount: 3_999 })).toEqual({
      outcome: 'failed',
      reason: 'all-or-nothing: raised 9999 of 10000 cents (crowd 6000, match 3999)',
    });
  });

  it('keep-it-all succeeds with any confirmed pledge, never on match alone', () => {
    expect(decideOutcome({ fundingModel: 'keep_it_all', goalAmount: 10_000, crowdAmount: 1, matchAmount: 0 }).outcome).toBe('succeeded');
    expect(decideOutcome({ fundingModel: 'keep_it_all', goalAmount: 10_000, crowdAmount: 0, matchAmount: 5_000 }).outcome).toBe('failed');
  });
});

describe('decideOutcome reasons', () => {
  it('explains every outcome with the figures', () => {
    expect(decideOutcome({ fundingModel: 'keep_it_all', goalAmount: 10_000, crowdAmount: 300, matchAmount: 200 })).toEqual({
      outcome: 'succeeded',
      reason: 'keep-it-all: 300 cents pledged by the crowd, 200 matched',
    });
    expect(decideOutcome({ fundingModel: 'keep_it_all', goalAmount: 10_000, crowdAmount: 0, matchAmount: 0 })).toEqual({
      outcome: 'failed',
      reason: 'keep-it-all: no confirmed pledge',
    });
    expect(decideOutcome({ fundingModel: 'all_or_nothing', goalAmount: 10_000, crowdAmount: 10_000, matchAmount: 1 })).toEqual({
      outcome: 'succeeded',
      reason: 'all-or-nothing: raised 10001 of 10000 cents (crowd 10000, match 1)',
    });
  });
});

describe('after the closing decision', () => {
  it('moves a success into delivery, or completes it without milestones; a failure stays failed', () => {
    expect(statusAfterClose('succeeded', 2)).toBe('in_delivery');
    expect(statusAfterClose('succeeded', 1)).toBe('in_delivery');
    expect(statusAfterClose('succeeded', 0)).toBe('completed');
    expect(statusAfterClose('failed', 0)).toBe('failed');
    expect(statusAfterClose('failed', 3)).toBe('failed');
  });

  it('decides only for a campaign still taking pledges', () => {
    expect(CAMPAIGN_STATUSES.filter(awaitsClosingDecision)).toEqual(['scheduled', 'live']);
  });
});
