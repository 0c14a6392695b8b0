import fc from 'fast-check';
import { allocate, mulDivFloor } from './money';

describe('mulDivFloor', () => {
  it('floors exactly, beyond 2^53 intermediate products', () => {
    expect(mulDivFloor(1000, 1, 3)).toEqual({ quotient: 333, remainder: 1n });
    expect(mulDivFloor(9_007_199_254_740_991, 2, 3).quotient).toBe(6_004_799_503_160_660);
  });

  it('refuses fractions and negatives', () => {
    expect(() => mulDivFloor(10.5, 1, 2)).toThrow(RangeError);
    expect(() => mulDivFloor(-1, 1, 2)).toThrow(RangeError);
    expect(() => mulDivFloor(1, 1, 0)).toThrow(RangeError);
  });
});

describe('allocate (largest remainder)', () => {
  it('gives the leftover cent to the largest remainder, ties to the earliest', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [3, 7])).toEqual([3, 7]);
    expect(allocate(5, [2, 1])).toEqual([3, 2]);
  });

  it('always sums to the total, never negative, each part within one cent of its exact share', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1e13 }),
        fc.array(fc.nat({ max: 1e6 }), { minLength: 1, maxLength: 30 }).filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            const exact = (BigInt(total) * BigInt(weights[i])) / BigInt(sum);
            expect(BigInt(p) - exact >= 0n && BigInt(p) - exact <= 1n).toBe(true);
          });
        },
      ),
    );
  });
});
