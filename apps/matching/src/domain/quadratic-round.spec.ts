import { finalizeRound } from './quadratic';
import { computeRound, estimateGain, groupContributions, holdsTallied, minContribution, roundQuotable, roundStatus } from './quadratic-round';

describe('quadratic round helpers', () => {
  const window = { roundStartsAt: '2027-01-01T00:00:00.000Z', roundEndsAt: '2027-02-01T00:00:00.000Z' };

  it('counts pledges of at least one cent unless the rule sets a minimum', () => {
    expect(minContribution({})).toBe(1);
    expect(minContribution({ minContributionAmount: 500 })).toBe(500);
  });

  describe('groupContributions', () => {
    const sums = [
      { campaignId: 'c1', donorId: 'a', total: 100 },
      { campaignId: 'c1', donorId: 'b', total: 400 },
      { campaignId: 'c2', donorId: 'a', total: 900 },
    ];

    it('lists every eligible campaign in the given order, without pledges too', () => {
      expect(groupContributions(['c2', 'c1', 'c3'], sums, 1)).toEqual([
        { campaignId: 'c2', donorSums: [900] },
        { campaignId: 'c1', donorSums: [100, 400] },
        { campaignId: 'c3', donorSums: [] },
      ]);
    });

    it('adds a pledge not made yet to its donor, or as a new donor', () => {
      expect(groupContributions(['c1'], sums.slice(0, 2), 1, { campaignId: 'c1', donorId: 'a', amount: 44 })).toEqual([
        { campaignId: 'c1', donorSums: [144, 400] },
      ]);
      expect(groupContributions(['c1'], sums.slice(0, 2), 1, { campaignId: 'c1', donorId: 'z', amount: 1 })).toEqual([
        { campaignId: 'c1', donorSums: [100, 400, 1] },
      ]);
    });

    it('ignores the extra pledge for a campaign not eligible or below the minimum (the minimum itself counts)', () => {
      expect(groupContributions(['c1'], [], 1, { campaignId: 'c9', donorId: 'a', amount: 50 })).toEqual([{ campaignId: 'c1', donorSums: [] }]);
      expect(groupContributions(['c1'], [], 50, { campaignId: 'c1', donorId: 'a', amount: 49 })).toEqual([{ campaignId: 'c1', donorSums: [] }]);
      expect(groupContributions(['c1'], [], 50, { campaignId: 'c1', donorId: 'a', amount: 50 })).toEqual([{ campaignId: 'c1', donorSums: [50] }]);
    });
  });

  it('computes the round with the rule caps and options', () => {
    const contributions = [
      { campaignId: 'c1', donorSums: [100, 400] },
      { campaignId: 'c2', donorSums: [900] },
    ];
    const params = { ...window, capBps: 6000, capAmount: 700, minUniqueDonors: 2, scaleUpWhenUnsaturated: true };
    expect(computeRound(params, 1_000, contributions)).toEqual(
      finalizeRound({ pool: 1_000, capBps: 6000, capAmount: 700, minUniqueDonors: 2, scaleUpWhenUnsaturated: true }, contributions),
    );
    expect(computeRound({ ...window, capAmount: 1 }, 1_000, contributions)).toEqual(finalizeRound({ pool: 1_000, capAmount: 1 }, contributions));
  });

  it('is open before its end and closing from it', () => {
    expect(roundStatus(new Date('2027-01-31T23:59:59.999Z'), window)).toBe('open');
    expect(roundStatus(new Date('2027-02-01T00:00:00.000Z'), window)).toBe('closing');
  });

  it('is quotable from its start until just before its end', () => {
    expect(roundQuotable(new Date('2026-12-31T23:59:59.999Z'), window)).toBe(false);
    expect(roundQuotable(new Date('2027-01-01T00:00:00.000Z'), window)).toBe(true);
    expect(roundQuotable(new Date('2027-01-31T23:59:59.999Z'), window)).toBe(true);
    expect(roundQuotable(new Date('2027-02-01T00:00:00.000Z'), window)).toBe(false);
  });

  it('estimates the gain as after less before, never negative, zero for a campaign in neither', () => {
    const round = (matchAmount: number) => ({
      poolAmount: 0,
      matchedAmount: 0,
      unallocatedAmount: 0,
      results: [
        { campaignId: 'x', donors: 2, contributionsAmount: 1, idealAmount: 1, matchAmount: 7, eligible: true },
        { campaignId: 'c1', donors: 2, contributionsAmount: 1, idealAmount: 1, matchAmount, eligible: true },
      ],
    });
    expect(estimateGain(round(100), round(130), 'c1')).toBe(30);
    expect(estimateGain(round(130), round(100), 'c1')).toBe(0);
    expect(estimateGain(round(100), round(100), 'c1')).toBe(0);
    expect(estimateGain(round(100), round(130), 'c2')).toBe(0);
    expect(estimateGain({ ...round(0), results: [] }, round(130), 'c1')).toBe(130);
    expect(estimateGain(round(50), { ...round(0), results: [] }, 'c1')).toBe(0);
  });

  it('holds the tally when every campaign has at least the announced pledges', () => {
    const tallies = [
      { campaignId: 'c1', announced: 2 },
      { campaignId: 'c2', announced: 0 },
    ];
    expect(holdsTallied(tallies, new Map([['c1', 2]]))).toBe(true);
    expect(
      holdsTallied(
        tallies,
        new Map([
          ['c1', 3],
          ['c2', 1],
        ]),
      ),
    ).toBe(true);
    expect(
      holdsTallied(
        tallies,
        new Map([
          ['c1', 1],
          ['c2', 5],
        ]),
      ),
    ).toBe(false);
    expect(holdsTallied([{ campaignId: 'c1', announced: 1 }], new Map())).toBe(false);
    expect(holdsTallied([], new Map())).toBe(true);
  });
});
