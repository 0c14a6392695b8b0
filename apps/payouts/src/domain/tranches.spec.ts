import fc from 'fast-check';
import { earned, planTranches } from './tranches';

describe('planTranches', () => {
  it('splits crowd and each match by the shares, summing exactly', () => {
    const plan = planTranches({ crowdAmount: 100_001, matches: [{ fundId: 'f1', amount: 33_333 }], upfrontSharePct: 30, milestones: [{ milestoneId: 'm1', payoutSharePct: 40 }, { milestoneId: 'm2', payoutSharePct: 30 }] });
    expect(plan.map((t) => t.donorShare)).toEqual([30_000, 40_001, 30_000]);
    expect(plan.map((t) => t.matchShares[0].amount)).toEqual([10_000, 13_333, 10_000]);
    expect(plan.map((t) => t.kind)).toEqual(['upfront', 'milestone', 'milestone']);
  });

  it('never loses a cent (property)', () => {
    fc.assert(
      fc.property(fc.nat(1e10), fc.array(fc.nat(1e9), { maxLength: 3 }), fc.integer({ min: 0, max: 100 }), (crowd, matches, upfront) => {
        const plan = planTranches({ crowdAmount: crowd, matches: matches.map((amount, i) => ({ fundId: `f${i}`, amount })), upfrontSharePct: upfront, milestones: upfront < 100 ? [{ milestoneId: 'm', payoutSharePct: 100 - upfront }] : [] });
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
