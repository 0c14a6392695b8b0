/**
 * Money math on integer minor units (cents). Every division in the platform goes through here,
 * and each function states its rounding rule.
 */

export function assertCents(amount: number, what = 'amount'): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${what} must be an integer number of cents, got ${amount}`);
}

/**
 * floor(amount * numerator / denominator) for non-negative inputs, computed exactly in BigInt
 * (amount * numerator may exceed 2^53). Rounding rule: toward zero (floor), the remainder is
 * returned so the caller can say where it goes.
 */
export function mulDivFloor(amount: number, numerator: number, denominator: number): { quotient: number; remainder: bigint } {
  assertCents(amount);
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0 || numerator < 0 || amount < 0) {
    throw new RangeError('mulDivFloor takes non-negative integers and a positive denominator');
  }
  const product = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  return { quotient: Number(product / d), remainder: product % d };
}

/**
 * Splits `total` cents in proportion to `weights` (non-negative integers, not all zero) so the parts
 * sum to exactly `total`. Rounding rule (largest remainder): each part gets floor(total * w / W); the
 * cents left over go one each to the parts with the largest remainders, ties broken by position
 * (earlier first), so the result is deterministic and no cent is lost or invented.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertCents(total, 'total');
  if (total < 0) throw new RangeError('allocate takes a non-negative total');
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  weights.forEach((w) => {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError('weights must be non-negative integers');
  });
  const sum = weights.reduce((a, b) => a + BigInt(b), 0n);
  if (sum === 0n) throw new RangeError('weights must not all be zero');
  const t = BigInt(total);
  const parts = weights.map((w, i) => ({ i, q: (t * BigInt(w)) / sum, r: (t * BigInt(w)) % sum }));
  let left = t - parts.reduce((a, p) => a + p.q, 0n);
  const order = [...parts].sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const p of order) {
    if (left === 0n) break;
    p.q += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p.q));
}
