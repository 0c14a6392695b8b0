import fc from 'fast-check';
import {
  INDICATOR_LIMIT,
  MilestoneNotVerifiable,
  MilestoneStateConflict,
  VerifierNotIndependent,
  achievementBps,
  assertVerifierIndependent,
  sameIndicatorValue,
} from './milestone';

describe('achievementBps', () => {
  it('measures from baseline to target, floored, clamped', () => {
    expect(achievementBps(0, 150, 150)).toBe(10000);
    expect(achievementBps(0, 150, 200)).toBe(10000);
    expect(achievementBps(0, 150, 100)).toBe(6666);
    expect(achievementBps(20, 120, 70)).toBe(5000);
    expect(achievementBps(20, 120, 10)).toBe(0);
  });

  it('handles indicators that must go down (waiting days from 30 to 10)', () => {
    expect(achievementBps(30, 10, 15)).toBe(7500);
    expect(achievementBps(30, 10, 35)).toBe(0);
  });

  it('is exact on decimals where doubles are not (0.1 + 0.2)', () => {
    expect(achievementBps(0, 0.3, 0.1 + 0.2)).toBe(10000);
  });

  it('is monotonic in the verified value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: -3000, max: 3000 }),
        fc.nat(100),
        (b, d, v, step) => {
          expect(achievementBps(b, b + d, v + step)).toBeGreaterThanOrEqual(achievementBps(b, b + d, v));
        },
      ),
    );
  });
});

describe('assertVerifierIndependent', () => {
  const parties = { promoterId: 'promoter', callOwnerId: 'city', funderIds: ['foundation'], backerIds: ['ada'] };
  it.each(['promoter', 'city', 'foundation', 'ada'])('refuses %s', (who) => {
    expect(() => assertVerifierIndependent(who, parties)).toThrow(VerifierNotIndependent);
  });
  it('accepts an independent evaluator', () => {
    expect(() => assertVerifierIndependent('evaluator', parties)).not.toThrow();
  });
});

describe('sameIndicatorValue (a milestone needs baseline ≠ target)', () => {
  it('compares at the 10^-6 resolution', () => {
    expect(sameIndicatorValue(50, 50)).toBe(true);
    expect(sameIndicatorValue(1, 1.0000000001)).toBe(true);
    expect(sameIndicatorValue(1, 1.000001)).toBe(false);
    expect(sameIndicatorValue(-INDICATOR_LIMIT, INDICATOR_LIMIT)).toBe(false);
  });
  it('whenever two values within the limits differ, achievementBps can measure between them', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -INDICATOR_LIMIT, max: INDICATOR_LIMIT, noNaN: true }),
        fc.double({ min: -INDICATOR_LIMIT, max: INDICATOR_LIMIT, noNaN: true }),
        (b, t) => {
          fc.pre(!sameIndicatorValue(b, t));
          const bps = achievementBps(b, t, t);
          expect(bps).toBe(10000);
        },
      ),
    );
  });
});

describe('achievementBps refusals', () => {
  it('refuses a target equal to the baseline (no way to measure progress)', () => {
    expect(() => achievementBps(5, 5, 7)).toThrow(new RangeError('target must differ from baseline'));
    expect(() => achievementBps(0.1, 0.1000001, 1)).toThrow(RangeError); // equal at the 10^-6 resolution
  });
});

describe('VerifierNotIndependent', () => {
  it.each([
    ['promoter', 'promotes'],
    ['city', 'funds through its call'],
    ['foundation', 'funds through a matching fund'],
    ['ada', 'backed with a pledge'],
  ])('tells %s why (a 403)', (who, why) => {
    const parties = { promoterId: 'promoter', callOwnerId: 'city', funderIds: ['foundation'], backerIds: ['ada'] };
    expect(() => assertVerifierIndependent(who, parties)).toThrow(
      expect.objectContaining({ code: 'VERIFIER_NOT_INDEPENDENT', kind: 'forbidden', message: `A verifier may not verify a campaign it ${why}` }),
    );
  });
  it('accepts anyone when the campaign has no call owner', () => {
    expect(() => assertVerifierIndependent('evaluator', { promoterId: 'p', callOwnerId: null, funderIds: [], backerIds: [] })).not.toThrow();
  });
});

describe('MilestoneNotVerifiable', () => {
  it('is a 422 with the message it is given', () => {
    const e = new MilestoneNotVerifiable('Milestone m1 has target = baseline (5)');
    expect([e.code, e.kind, e.message]).toEqual(['MILESTONE_NOT_VERIFIABLE', 'unprocessable', 'Milestone m1 has target = baseline (5)']);
  });
});

describe('MilestoneStateConflict', () => {
  it('is a 409 naming the status and the refused action', () => {
    const e = new MilestoneStateConflict('verified', 'take evidence');
    expect(e.code).toBe('MILESTONE_STATE_CONFLICT');
    expect(e.kind).toBe('conflict');
    expect(e.message).toBe('The milestone is verified and cannot take evidence');
  });
});
