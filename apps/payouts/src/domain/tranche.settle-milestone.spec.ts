// settleMilestone: what a verified milestone makes due, refunds and forfeits (the rest of the tranche state machine: tranche.spec.ts).
import { settleMilestone } from './tranche';

describe('tranche state machine', () => {
  describe('settleMilestone', () => {
    const base = {
      donorShare: 6000,
      paymentRule: 'binary' as const,
      minAchievementPct: null,
      shares: [
        { fundId: 'f1', amount: 3000 },
        { fundId: 'f2', amount: 1001 },
      ],
    };

    it('makes a fully achieved binary milestone eligible for everything', () => {
      expect(settleMilestone({ ...base, achievementBps: 10000, policy: 'refund_donor_share' })).toEqual({
        donorRefund: 0,
        dueDonor: 6000,
        status: 'eligible',
        shares: [
          { fundId: 'f1', due: 3000, forfeit: 0 },
          { fundId: 'f2', due: 1001, forfeit: 0 },
        ],
      });
    });

    it('refunds the unearned donors’ share and returns the unearned match under refund_donor_share; nothing due: forfeited', () => {
      expect(settleMilestone({ ...base, achievementBps: 9999, policy: 'refund_donor_share' })).toEqual({
        donorRefund: 6000,
        dueDonor: 0,
        status: 'forfeited',
        shares: [
          { fundId: 'f1', due: 0, forfeit: 3000 },
          { fundId: 'f2', due: 0, forfeit: 1001 },
        ],
      });
    });

    it('releases the donors’ share anyway under release_donor_share (still eligible), the match still goes back', () => {
      expect(settleMilestone({ ...base, achievementBps: 0, policy: 'release_donor_share' })).toEqual({
        donorRefund: 0,
        dueDonor: 6000,
        status: 'eligible',
        shares: [
          { fundId: 'f1', due: 0, forfeit: 3000 },
          { fundId: 'f2', due: 0, forfeit: 1001 },
        ],
      });
    });

    it('pays a proportional result floored per component, refunding the rest', () => {
      const s = settleMilestone({ ...base, paymentRule: 'proportional', minAchievementPct: 50, achievementBps: 7500, policy: 'refund_donor_share' });
      expect(s).toEqual({
        donorRefund: 1500,
        dueDonor: 4500,
        status: 'eligible',
        shares: [
          { fundId: 'f1', due: 2250, forfeit: 750 },
          { fundId: 'f2', due: 750, forfeit: 251 },
        ],
      });
    });

    it('is eligible when only the match is due (nothing of the donors’ share), and forfeited when nothing at all is', () => {
      const onlyMatch = settleMilestone({
        donorShare: 0,
        paymentRule: 'binary',
        minAchievementPct: null,
        shares: [{ fundId: 'f1', amount: 1 }],
        achievementBps: 10000,
        policy: 'x',
      });
      expect(onlyMatch).toEqual({ donorRefund: 0, dueDonor: 0, status: 'eligible', shares: [{ fundId: 'f1', due: 1, forfeit: 0 }] });
      const nothing = settleMilestone({
        donorShare: 0,
        paymentRule: 'binary',
        minAchievementPct: null,
        shares: [],
        achievementBps: 10000,
        policy: 'refund_donor_share',
      });
      expect(nothing).toEqual({ donorRefund: 0, dueDonor: 0, status: 'forfeited', shares: [] });
    });

    it('neither refunds nor releases the unearned donors’ share under another policy: it is only not due', () => {
      expect(settleMilestone({ ...base, shares: [], achievementBps: 0, policy: 'unknown' })).toEqual({
        donorRefund: 0,
        dueDonor: 0,
        status: 'forfeited',
        shares: [],
      });
    });

    it('makes a due of exactly one cent eligible', () => {
      expect(
        settleMilestone({ donorShare: 1, paymentRule: 'binary', minAchievementPct: null, shares: [], achievementBps: 10000, policy: 'refund_donor_share' })
          .status,
      ).toBe('eligible');
    });
  });
});
