import fc from 'fast-check';
import { ratioMatch, RatioRule } from './ratio';

const free = { matchedInCampaign: 0, matchedForDonorInCampaign: 0, matchedPledgesOfDonorInCampaign: 0, poolAvailable: 1e12 };

describe('ratioMatch', () => {
  it('matches 1:1, 2:1 and 1:2 with a floor', () => {
    expect(ratioMatch({ numerator: 1, denominator: 1 }, 1_000, free)).toBe(1_000);
    expect(ratioMatch({ numerator: 2, denominator: 1 }, 1_000, free)).toBe(2_000);
    expect(ratioMatch({ numerator: 1, denominator: 2 }, 1_001, free)).toBe(500);
    expect(ratioMatch({ numerator: 1, denominator: 3 }, 1_000, free)).toBe(333);
  });

  it("applies Goteo's defaults: 100 EUR per gift, 500 EUR per project, first gift per donor only", () => {
    const goteo: RatioRule = {
      numerator: 1,
      denominator: 1,
      maxMatchablePerPledge: 10_000,
      maxMatchPerCampaign: 50_000,
      maxMatchedPledgesPerDonorPerCampaign: 1,
    };
    expect(ratioMatch(goteo, 25_000, free)).toBe(10_000);
    expect(ratioMatch(goteo, 5_000, { ...free, matchedPledgesOfDonorInCampaign: 1 })).toBe(0);
    expect(ratioMatch(goteo, 20_000, { ...free, matchedInCampaign: 45_000 })).toBe(5_000);
    expect(ratioMatch(goteo, 20_000, { ...free, matchedInCampaign: 50_000 })).toBe(0);
  });

  it('caps per pledge, per donor and by the pool (partial match)', () => {
    expect(ratioMatch({ numerator: 2, denominator: 1, maxMatchPerPledge: 3_000 }, 2_000, free)).toBe(3_000);
    expect(ratioMatch({ numerator: 1, denominator: 1, maxMatchPerDonorPerCampaign: 5_000 }, 4_000, { ...free, matchedForDonorInCampaign: 3_000 })).toBe(2_000);
    expect(ratioMatch({ numerator: 1, denominator: 1 }, 4_000, { ...free, poolAvailable: 1_500 })).toBe(1_500);
  });

  it('never exceeds any cap nor goes negative (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          numerator: fc.integer({ min: 1, max: 5 }),
          denominator: fc.integer({ min: 1, max: 5 }),
          maxMatchablePerPledge: fc.option(fc.nat(100_000), { nil: undefined }),
          maxMatchPerPledge: fc.option(fc.nat(100_000), { nil: undefined }),
          maxMatchPerDonorPerCampaign: fc.option(fc.nat(100_000), { nil: undefined }),
          maxMatchPerCampaign: fc.option(fc.nat(1_000_000), { nil: undefined }),
        }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.record({
          matchedInCampaign: fc.nat(1_000_000),
          matchedForDonorInCampaign: fc.nat(100_000),
          matchedPledgesOfDonorInCampaign: fc.nat(5),
          poolAvailable: fc.nat(1_000_000),
        }),
        (rule, amount, ctx) => {
          const m = ratioMatch(rule, amount, ctx);
          expect(Number.isSafeInteger(m) && m >= 0).toBe(true);
          expect(m).toBeLessThanOrEqual(ctx.poolAvailable);
          if (rule.maxMatchPerPledge !== undefined) expect(m).toBeLessThanOrEqual(rule.maxMatchPerPledge);
          if (rule.maxMatchPerCampaign !== undefined)
            expect(m + ctx.matchedInCampaign).toBeLessThanOrEqual(Math.max(rule.maxMatchPerCampaign, ctx.matchedInCampaign));
          if (rule.maxMatchPerDonorPerCampaign !== undefined)
            expect(m + ctx.matchedForDonorInCampaign).toBeLessThanOrEqual(Math.max(rule.maxMatchPerDonorPerCampaign, ctx.matchedForDonorInCampaign));
          expect(m * rule.denominator).toBeLessThanOrEqual(Math.min(amount, rule.maxMatchablePerPledge ?? Infinity) * rule.numerator);
        },
      ),
    );
  });
});
