import fc from 'fast-check';
import { allocate, mulDivFloor } from './money';

describe('mulDivFloor', () => {
  it('floors exactly, beyond 2^53 intermediate products', () => {
    expect(mulDivFloor(1000, 1, 3)).toEqual({ quotient: 333, remainder: 1n });
    expect(mulDivFloor(9_007_199_254_740_991, 2, 3).quotient).toBe(6_004_799_503_160_660);
  });

  // BigInt(10.5) and a BigInt division by zero throw a RangeError of their own: the messages show that
  // the validation refused the input, not the arithmetic.
  it('refuses fractions, negatives, unsafe integers and a non-positive denominator', () => {
    expect(() => mulDivFloor(10.5, 1, 2)).toThrow('amount must be an integer number of cents, got 10.5');
    expect(() => mulDivFloor(2 ** 53, 1, 2)).toThrow('amount must be an integer number of cents');
    const refused = 'mulDivFloor takes non-negative integers and a positive denominator';
    expect(() => mulDivFloor(-1, 1, 2)).toThrow(refused);
    expect(() => mulDivFloor(10, -1, 2)).toThrow(refused);
    expect(() => mulDivFloor(10, 1.5, 2)).toThrow(refused);
    expect(() => mulDivFloor(10, 1, 2.5)).toThrow(refused);
    expect(() => mulDivFloor(1, 1, 0)).toThrow(refused);
    expect(() => mulDivFloor(1, 1, -3)).toThrow(refused);
    expect(mulDivFloor(0, 0, 1)).toEqual({ quotient: 0, remainder: 0n });
  });
});

describe('allocate (largest remainder)', () => {
  it('gives the leftover cent to the largest remainder, ties to the earliest', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [3, 7])).toEqual([3, 7]);
    expect(allocate(5, [2, 1])).toEqual([3, 2]);
  });

  it('refuses a negative or fractional total, no weights, bad weights and all-zero weights', () => {
    expect(() => allocate(-100, [1, 1])).toThrow('allocate takes a non-negative total');
    expect(() => allocate(10.5, [1, 1])).toThrow('total must be an integer number of cents, got 10.5');
    expect(() => allocate(100, [])).toThrow('allocate needs at least one weight');
    expect(() => allocate(100, [1, -1])).toThrow('weights must be non-negative integers');
    expect(() => allocate(100, [1, 0.5])).toThrow('weights must be non-negative integers');
    expect(() => allocate(100, [0, 0])).toThrow('weights must not all be zero');
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
    expect(allocate(7, [0, 1])).toEqual([0, 7]);
  });

  it('gives leftover cents by largest remainder, not by position', () => {
    // 10 × [1, 2, 4] / 7 = 1.43, 2.86, 5.71: floors 1 + 2 + 5 = 8, the two cents go to remainders .86 and .71.
    expect(allocate(10, [1, 2, 4])).toEqual([1, 3, 6]);
    // 10 × [4, 2, 1] / 7: the same, mirrored.
    expect(allocate(10, [4, 2, 1])).toEqual([6, 3, 1]);
    // ties between equal remainders go to the earlier part, wherever it is
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocate(1, [2, 1, 1])).toEqual([1, 0, 0]);
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
