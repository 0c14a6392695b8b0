import fc from 'fast-check';
import { earned, planTranches, takeFromUnreleased } from './tranches';

describe('planTranches', () => {
  it('splits crowd and each match by the shares, summing exactly', () => {
    const plan = planTranches({
      crowdAmount: 100_001,
      matches: [{ fundId: 'f1', amount: 33_333 }],
      upfrontSharePct: 30,
      milestones: [
        { milestoneId: 'm1', payoutSharePct: 40 },
        { milestoneId: 'm2', payoutSharePct: 30 },
      ],
    });
    expect(plan.map((t) => t.donorShare)).toEqual([30_000, 40_001, 30_000]);
    expect(plan.map((t) => t.matchShares[0].amount)).toEqual([10_000, 13_333, 10_000]);
    expect(plan.map((t) => t.kind)).toEqual(['upfront', 'milestone', 'milestone']);
  });

  it('never loses a cent (property)', () => {
    fc.assert(
      fc.property(fc.nat(1e10), fc.array(fc.nat(1e9), { maxLength: 3 }), fc.integer({ min: 0, max: 100 }), (crowd, matches, upfront) => {
        const plan = planTranches({
          crowdAmount: crowd,
          matches: matches.map((amount, i) => ({ fundId: `f${i}`, amount })),
          upfrontSharePct: upfront,
          milestones: upfront < 100 ? [{ milestoneId: 'm', payoutSharePct: 100 - upfront }] : [],
        });
        expect(plan.reduce((s, t) => s + t.donorShare, 0)).toBe(crowd);
        matches.forEach((m, i) => expect(plan.reduce((s, t) => s + t.matchShares[i].amount, 0)).toBe(m));
      }),
    );
  });
});

describe('earned', () => {
  it('binary: all or nothing', () => {
    expect(earned(1000, 'binary', 10000, null)).toBe(1000);
    expect(earned(1000, 'binary', 9999, null)).toBe(0);
  });
  it('proportional: floored share of the achievement, above the floor only', () => {
    expect(earned(1001, 'proportional', 6000, 50)).toBe(600);
    expect(earned(1000, 'proportional', 4999, 50)).toBe(0);
    expect(earned(1000, 'proportional', 10000, 50)).toBe(1000);
  });
});

describe('takeFromUnreleased (refunds after funding closed)', () => {
  it('splits by largest remainder and never takes more than a tranche holds', () => {
    // 40,000 out of 40,000 / 30,000: 22,857.14 / 17,142.86 → 22,857 / 17,143
    expect(takeFromUnreleased(40_000, [40_000, 30_000])).toEqual({ covered: 40_000, parts: [22_857, 17_143] });
    expect(takeFromUnreleased(50_000, [0, 20_000, 10_000])).toEqual({ covered: 30_000, parts: [0, 20_000, 10_000] });
    expect(takeFromUnreleased(5, [])).toEqual({ covered: 0, parts: [] });
    expect(takeFromUnreleased(0, [3, 4])).toEqual({ covered: 0, parts: [0, 0] });
    // its own refusal, not allocate's (which would refuse them too, with another message)
    expect(() => takeFromUnreleased(-1, [3])).toThrow(new RangeError('amount must be a non-negative integer, got -1'));
    expect(() => takeFromUnreleased(1.5, [3])).toThrow(new RangeError('amount must be a non-negative integer, got 1.5'));
    expect(() => takeFromUnreleased(2 ** 53, [3])).toThrow(new RangeError(`amount must be a non-negative integer, got ${2 ** 53}`));
  });

  it('covers exactly min(amount, held), each part within its tranche (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.array(fc.nat(5_000_000), { maxLength: 8 }), (amount, held) => {
        const { covered, parts } = takeFromUnreleased(amount, held);
        const total = held.reduce((a, b) => a + b, 0);
        expect(covered).toBe(Math.min(amount, total));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(covered);
        parts.forEach((part, i) => {
          expect(part).toBeGreaterThanOrEqual(0);
          expect(part).toBeLessThanOrEqual(held[i]);
        });
      }),
    );
  });
});

describe('planTranches: shares of 0 % make no tranche', () => {
  it('plans no upfront tranche for a 0 % upfront share, and numbers the rest from 0', () => {
    const plan = planTranches({
      crowdAmount: 1_000,
      matches: [{ fundId: 'f1', amount: 300 }],
      upfrontSharePct: 0,
      milestones: [{ milestoneId: 'm1', payoutSharePct: 100 }],
    });
    expect(plan).toEqual([
      { kind: 'milestone', milestoneId: 'm1', position: 0, sharePct: 100, donorShare: 1_000, matchShares: [{ fundId: 'f1', amount: 300 }] },
    ]);
  });

  it('skips a 0 % milestone between others', () => {
    const plan = planTranches({
      crowdAmount: 1_000,
      matches: [],
      upfrontSharePct: 50,
      milestones: [
        { milestoneId: 'm0', payoutSharePct: 0 },
        { milestoneId: 'm1', payoutSharePct: 50 },
      ],
    });
    expect(plan.map((t) => [t.kind, t.milestoneId, t.position, t.donorShare])).toEqual([
      ['upfront', null, 0, 500],
      ['milestone', 'm1', 1, 500],
    ]);
  });

  it('plans nothing when no share is positive', () => {
    expect(planTranches({ crowdAmount: 1_000, matches: [], upfrontSharePct: 0, milestones: [] })).toEqual([]);
  });
});

describe('earned: the boundaries', () => {
  it('binary pays at 10000 bps and above only', () => {
    expect(earned(1000, 'binary', 10000, 50)).toBe(1000);
    expect(earned(1000, 'binary', 9999, 0)).toBe(0);
  });
  it('proportional pays from exactly the minimum achievement, nothing one basis point below', () => {
    expect(earned(1000, 'proportional', 5000, 50)).toBe(500);
    expect(earned(1000, 'proportional', 4999, 50)).toBe(0);
    expect(earned(1000, 'proportional', 12000, 50)).toBe(1000);
  });
  it('proportional without a minimum pays from the first basis point, floored', () => {
    expect(earned(10_000, 'proportional', 1, null)).toBe(1);
    expect(earned(9_999, 'proportional', 1, null)).toBe(0);
    expect(earned(10_000, 'proportional', 0, null)).toBe(0);
  });
});
