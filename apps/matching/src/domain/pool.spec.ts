import fc from 'fast-check';
import { emptyPool, poolBalances, topUp } from './pool';

describe('fund pool', () => {
  it('starts with the whole budget available', () => {
    expect(emptyPool(1_000_000)).toEqual({ budget: 1_000_000, available: 1_000_000, reserved: 0, committed: 0, spent: 0, returned: 0 });
  });

  it('keeps buckets summing to the budget through any sequence of top-ups', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e12 }), fc.array(fc.integer({ min: 1, max: 1e9 }), { maxLength: 50 }), (budget, topUps) => {
        const pool = topUps.reduce(topUp, emptyPool(budget));
        expect(poolBalances(pool)).toBe(true);
        expect(pool.budget).toBe(budget + topUps.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('refuses fractional, negative and zero top-ups', () => {
    const pool = emptyPool(100);
    expect(() => topUp(pool, 1.5)).toThrow(RangeError);
    expect(() => topUp(pool, -1)).toThrow(RangeError);
    expect(() => topUp(pool, 0)).toThrow(RangeError);
  });

  it('detects a pool whose buckets do not add up', () => {
    expect(poolBalances({ budget: 100, available: 50, reserved: 49, committed: 0, spent: 0, returned: 0 })).toBe(false);
  });
});

describe('fund pool refusals and balance check', () => {
  it('names what was refused', () => {
    expect(() => emptyPool(-1)).toThrow('budget must be a non-negative integer number of cents');
    expect(() => emptyPool(1.5)).toThrow('budget must be a non-negative integer number of cents');
    expect(() => topUp(emptyPool(1), 2.5)).toThrow('top-up amount must be a non-negative integer number of cents');
    expect(() => topUp(emptyPool(1), 0)).toThrow('top-up amount must be positive');
    expect(emptyPool(0)).toMatchObject({ budget: 0, available: 0 });
  });

  it('refuses buckets that add up but are negative or fractional', () => {
    expect(poolBalances({ budget: 100, available: 101, reserved: -1, committed: 0, spent: 0, returned: 0 })).toBe(false);
    expect(poolBalances({ budget: 100, available: 50.5, reserved: 49.5, committed: 0, spent: 0, returned: 0 })).toBe(false);
    expect(poolBalances({ budget: 100, available: 10, reserved: 20, committed: 30, spent: 25, returned: 15 })).toBe(true);
  });
});
