// The quadratic ideal in fixed point, checked against matching-rules.md with an independent square root (rounds and caps: quadratic.spec.ts).
import fc from 'fast-check';
import { idealFixed, idealMatch } from './quadratic';

const ONE = 1n << 128n;
/** An independent integer square root (Newton from n, the textbook isqrt), floor and ceiling. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) >> 1n;
  while (y < x) {
    x = y;
    y = (x + n / x) >> 1n;
  }
  return x;
}

describe('quadratic ideal, exactly as matching-rules.md states it', () => {
  it('keeps the fraction of a cent of an irrational ideal, for scaling: 2√6 = 4.898979…', () => {
    expect(Number((idealFixed([2, 3]) * 1_000_000n) / ONE)).toBe(4_898_979);
    expect(Number((idealFixed([1, 1, 2]) * 1_000_000n) / ONE)).toBe(7_656_854); // (2 + √2)² − 4 = 2 + 4√2 = 7.656854…
  });

  it('lies within the bounds of the exact value and snaps to the integer between them (property, independent square root)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50_000_000 }), { maxLength: 8 }), (sums) => {
        let lo = 0n;
        let hi = 0n;
        let total = 0n;
        for (const c of sums) {
          const n = BigInt(c) << 128n;
          const r = isqrt(n);
          lo += r;
          hi += r * r === n ? r : r + 1n;
          total += BigInt(c);
        }
        const idealLo = lo * lo - total * ONE;
        const idealHi = hi * hi - total * ONE;
        const got = idealFixed(sums);
        const k = idealHi / ONE;
        if (k * ONE > idealLo)
          expect(got).toBe(k * ONE); // an integer between the bounds: exact result
        else expect(got).toBe(idealLo < 0n ? 0n : idealLo);
        expect(got >= 0n && got <= (idealHi < 0n ? 0n : idealHi)).toBe(true);
      }),
    );
  });

  it('snaps exact results to whole cents: perfect squares and the three-donor trap', () => {
    expect(idealFixed([100, 400])).toBe(400n * ONE);
    expect(idealFixed([1000, 1000, 1000])).toBe(6000n * ONE);
    expect(idealFixed([4, 9, 16])).toBe(((2n + 3n + 4n) ** 2n - 29n) * ONE);
  });

  it('gives two equal donors of c an ideal of exactly 2c, also where the double estimate of √c is one unit too high (102, 422, 477)', () => {
    // (2√c)² − 2c = 2c: exact only when √c is floored exactly, which for these c needs the correction after the Newton step
    for (const c of [102, 422, 477, 574, 651, 4_503_599_627_501_567]) expect(idealFixed([c, c])).toBe(2n * BigInt(c) * ONE);
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (c) => idealFixed([c, c]) === 2n * BigInt(c) * ONE));
  });

  it('never gives a negative ideal: one donor of a non-square amount has a lower bound below 0, and the ideal is 0', () => {
    for (const c of [2, 3, 1000, 2 ** 53 - 1]) expect(idealFixed([c])).toBe(0n);
  });

  it('counts a zero contribution as nothing, and an empty campaign as 0', () => {
    expect(idealMatch([0, 400])).toBe(0);
    expect(idealMatch([0, 100, 400])).toBe(400);
    expect(idealMatch([])).toBe(0);
  });

  it.each([[-1], [1.5], [2 ** 53]])('refuses a contribution of %p', (c) => {
    expect(() => idealMatch([100, c])).toThrow(`contribution ${c} is not a non-negative integer of cents`);
  });
});
