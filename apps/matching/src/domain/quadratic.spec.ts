import fc from 'fast-check';
import { aggregateContributions, finalizeRound, idealMatch } from './quadratic';

describe('quadratic funding', () => {
  it('gets the trap right: three donors of 10 EUR have an ideal of exactly 6000 cents', () => {
    expect(idealMatch([1000, 1000, 1000])).toBe(6000);
    expect(idealMatch([1000])).toBe(0);
    expect(idealMatch([100, 400])).toBe(400); // (10 + 20)² − 500
    expect(idealMatch([2, 3])).toBe(4); // (√2 + √3)² − 5 = 2√6 = 4.898…
  });

  it('matches a hand-computed round: scaled down to the pool, floored, dust stays in the pool', () => {
    // A: 4 donors × 2500 → (4·50)² − 10000 = 30000; B: 100 + 400 → 400; C: one donor → 0.
    const round = finalizeRound({ pool: 10_000 }, [
      { campaignId: 'A', donorSums: [2500, 2500, 2500, 2500] },
      { campaignId: 'B', donorSums: [100, 400] },
      { campaignId: 'C', donorSums: [5000] },
    ]);
    // T = 30400 > pool: A = floor(30000·10000/30400) = 9868, B = floor(400·10000/30400) = 131.
    expect(round.results.map((r) => [r.campaignId, r.idealAmount, r.matchAmount])).toEqual([
      ['A', 30000, 9868],
      ['B', 400, 131],
      ['C', 0, 0],
    ]);
    expect(round.unallocatedAmount).toBe(1);
  });

  it('keeps the rest in the pool when unsaturated, or scales up on request', () => {
    const campaigns = [{ campaignId: 'A', donorSums: [100, 400] }];
    expect(finalizeRound({ pool: 1000 }, campaigns)).toMatchObject({ matchedAmount: 400, unallocatedAmount: 600 });
    expect(finalizeRound({ pool: 1000, scaleUpWhenUnsaturated: true }, campaigns)).toMatchObject({ matchedAmount: 1000, unallocatedAmount: 0 });
  });

  it('drops small pledges and campaigns with too few donors', () => {
    const campaigns = aggregateContributions(
      [
        { campaignId: 'A', donorId: 'x', amount: 50 },
        { campaignId: 'A', donorId: 'x', amount: 100 },
        { campaignId: 'A', donorId: 'y', amount: 400 },
        { campaignId: 'B', donorId: 'x', amount: 900 },
        { campaignId: 'B', donorId: 'y', amount: 99 },
      ],
      100,
    );
    const round = finalizeRound({ pool: 10_000, minUniqueDonors: 2 }, campaigns);
    expect(round.results).toEqual([
      expect.objectContaining({ campaignId: 'A', donors: 2, contributionsAmount: 500, matchAmount: 400, eligible: true }),
      expect.objectContaining({ campaignId: 'B', donors: 1, matchAmount: 0, eligible: false }),
    ]);
  });

  it('caps a campaign and shares the excess with those below the cap (water-filling)', () => {
    // ideals: A 30000, B 400, C 400 → pool 1000 scaled: A 974.0…, B 12.98…, C 12.98…; cap 50% = 500.
    const round = finalizeRound({ pool: 1000, capBps: 5000 }, [
      { campaignId: 'A', donorSums: [2500, 2500, 2500, 2500] },
      { campaignId: 'B', donorSums: [100, 400] },
      { campaignId: 'C', donorSums: [400, 100] },
    ]);
    expect(round.results.map((r) => r.matchAmount)).toEqual([500, 250, 250]);
    expect(round.unallocatedAmount).toBe(0);
    const allCapped = finalizeRound({ pool: 1000, capAmount: 100 }, [
      { campaignId: 'A', donorSums: [100, 400] },
      { campaignId: 'B', donorSums: [400, 100] },
    ]);
    expect(allCapped).toMatchObject({ matchedAmount: 200, unallocatedAmount: 800 });
  });

  it('accounts for every cent, respects caps, and ignores the order of campaigns and donors (property)', () => {
    const campaign = fc.array(fc.integer({ min: 1, max: 2_000_000 }), { minLength: 0, maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(campaign, { minLength: 1, maxLength: 12 }),
        fc.nat(50_000_000),
        fc.option(fc.integer({ min: 1, max: 10000 }), { nil: undefined }),
        (sums, pool, capBps) => {
          const input = sums.map((donorSums, i) => ({ campaignId: `c${i}`, donorSums }));
          const round = finalizeRound({ pool, capBps }, input);
          expect(round.matchedAmount + round.unallocatedAmount).toBe(pool);
          expect(round.unallocatedAmount).toBeGreaterThanOrEqual(0);
          const cap = capBps === undefined ? Infinity : Math.floor((pool * capBps) / 10000);
          for (const r of round.results) {
            expect(r.matchAmount).toBeGreaterThanOrEqual(0);
            expect(r.matchAmount).toBeLessThanOrEqual(cap);
            if (capBps === undefined) expect(r.matchAmount).toBeLessThanOrEqual(r.idealAmount + 1);
          }
          const shuffled = finalizeRound(
            { pool, capBps },
            [...input].reverse().map((c) => ({ ...c, donorSums: [...c.donorSums].reverse() })),
          );
          const byId = new Map(shuffled.results.map((r) => [r.campaignId, r.matchAmount]));
          for (const r of round.results) expect(byId.get(r.campaignId)).toBe(r.matchAmount);
        },
      ),
    );
  });
});

describe('quadratic aggregation and round details', () => {
  it("sums each donor's pledges per campaign, donors being the same across campaigns", () => {
    expect(
      aggregateContributions([
        { campaignId: 'A', donorId: 'x', amount: 100 },
        { campaignId: 'A', donorId: 'x', amount: 300 },
        { campaignId: 'A', donorId: 'y', amount: 50 },
        { campaignId: 'B', donorId: 'y', amount: 7 },
        { campaignId: 'B', donorId: 'x', amount: 5 },
        { campaignId: 'B', donorId: 'y', amount: 1 },
      ]),
    ).toEqual([
      { campaignId: 'A', donorSums: [400, 50] },
      { campaignId: 'B', donorSums: [8, 5] },
    ]);
  });

  it('does not count donors whose sum is 0 towards the minimum number of donors', () => {
    const round = finalizeRound({ pool: 10_000, minUniqueDonors: 2 }, [{ campaignId: 'A', donorSums: [0, 400] }]);
    expect(round.results).toEqual([{ campaignId: 'A', donors: 1, contributionsAmount: 400, idealAmount: 0, matchAmount: 0, eligible: false }]);
  });

  it('keeps the whole pool when no campaign has an ideal, even when asked to scale up', () => {
    const round = finalizeRound({ pool: 5_000, scaleUpWhenUnsaturated: true }, [
      { campaignId: 'A', donorSums: [900] },
      { campaignId: 'B', donorSums: [] },
    ]);
    expect(round).toMatchObject({ poolAmount: 5_000, matchedAmount: 0, unallocatedAmount: 5_000 });
    expect(round.results.map((r) => r.matchAmount)).toEqual([0, 0]);
  });

  it('scales a saturated round exactly at the pool', () => {
    // ideal 400 = pool: paid in full, nothing left.
    expect(finalizeRound({ pool: 400 }, [{ campaignId: 'A', donorSums: [100, 400] }])).toMatchObject({ matchedAmount: 400, unallocatedAmount: 0 });
  });

  it.each([
    [{ capBps: 5000, capAmount: 1_000 }, 1_000],
    [{ capBps: 1000, capAmount: 5_000 }, 1_000],
    [{ capBps: 1000 }, 1_000],
    [{ capAmount: 1_000 }, 1_000],
    [{ capBps: 2500 }, 2_500],
  ])('caps a campaign at the smaller of capBps of the pool and capAmount (%p)', (caps, cap) => {
    const round = finalizeRound({ pool: 10_000, ...caps }, [{ campaignId: 'A', donorSums: [2500, 2500, 2500, 2500] }]);
    expect(round.results[0].matchAmount).toBe(cap);
    expect(round.unallocatedAmount).toBe(10_000 - cap);
  });
});
