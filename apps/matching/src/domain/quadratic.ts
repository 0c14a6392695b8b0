/**
 * Quadratic funding, exactly as matching-rules.md states it, in exact integer arithmetic.
 *
 * ideal_p = (Σ_i √c_i)² − Σ_i c_i, with √c_i in fixed point at 2^-64 cents (BigInt Newton),
 * summed as a lower bound (floors) and an upper bound (ceilings). When an integer number of cents
 * lies between the two bounds of an ideal, the ideal is taken to be that integer: that is the case
 * of exact results such as three donors of 10 EUR (6000 cents, where doubles give 5999.99…); a
 * genuinely irrational ideal within 2^-100 cents of an integer is not a realistic input.
 * Scaling, caps and water-filling then run on fractions over one common denominator, always
 * rounding down, and each campaign's match is floored to cents once at the end; whatever is not
 * paid (dust included) stays in the pool: Σ matches + unallocated = pool.
 */

export interface QuadraticParams {
  pool: number;
  capBps?: number;
  capAmount?: number;
  minUniqueDonors?: number;
  scaleUpWhenUnsaturated?: boolean;
}

export interface CampaignContributions {
  campaignId: string;
  /** c_i: each donor's summed contributions to the campaign (after dropping pledges below the minimum). */
  donorSums: readonly number[];
}

export interface QuadraticResult {
  campaignId: string;
  donors: number;
  contributionsAmount: number;
  idealAmount: number;
  matchAmount: number;
  eligible: boolean;
}

export interface QuadraticRound {
  poolAmount: number;
  matchedAmount: number;
  unallocatedAmount: number;
  results: QuadraticResult[];
}

const F = 64n;
const ONE = 1n << (2n * F); // 2^128: ideals are held as numerators over this denominator
const TWO32 = 4294967296;

/** floor(√c · 2^64) exactly: a double estimate, one Newton step from above, one correction. */
function sqrtFixed(c: number): bigint {
  const n = BigInt(c) << (2n * F);
  if (c === 0) return 0n;
  let x = (BigInt(Math.floor(Math.sqrt(c) * TWO32)) + 1n) << 32n;
  x = (x + n / x) >> 1n;
  while (x * x > n) x -= 1n;
  return x;
}

/** The ideal match over the 2^128 denominator, snapped to an integer when the bounds straddle one. */
export function idealFixed(donorSums: readonly number[]): bigint {
  let lo = 0n;
  let hi = 0n;
  let total = 0n;
  for (const c of donorSums) {
    if (!Number.isSafeInteger(c) || c < 0) throw new RangeError(`contribution ${c} is not a non-negative integer of cents`);
    const r = sqrtFixed(c);
    lo += r;
    hi += r * r === BigInt(c) << (2n * F) ? r : r + 1n;
    total += BigInt(c);
  }
  const idealLo = lo * lo - total * ONE;
  const idealHi = hi * hi - total * ONE;
  const k = idealHi / ONE; // largest integer ≤ the upper bound
  if (k * ONE > idealLo && k * ONE <= idealHi) return k * ONE;
  return idealLo < 0n ? 0n : idealLo;
}

/** Exact ideal match in cents (floored), e.g. for display and tests. */
export function idealMatch(donorSums: readonly number[]): number {
  return Number(idealFixed(donorSums) / ONE);
}

/** Sums each donor's pledges per campaign, dropping single pledges below `minContribution`. */
export function aggregateContributions(
  pledges: Iterable<{ campaignId: string; donorId: string; amount: number }>,
  minContribution = 0,
): CampaignContributions[] {
  // Ids are interned to small integers so the (campaign, donor) key is a number: far faster than
  // nested maps of strings at a million contributions.
  const campaignIndex = new Map<string, number>();
  const donorIndex = new Map<string, number>();
  const sums: Map<number, number>[] = [];
  for (const p of pledges) {
    if (p.amount < minContribution) continue;
    let c = campaignIndex.get(p.campaignId);
    if (c === undefined) {
      c = sums.length;
      campaignIndex.set(p.campaignId, c);
      sums.push(new Map());
    }
    let d = donorIndex.get(p.donorId);
    if (d === undefined) donorIndex.set(p.donorId, (d = donorIndex.size));
    const donors = sums[c];
    donors.set(d, (donors.get(d) ?? 0) + p.amount);
  }
  return [...campaignIndex.keys()].map((campaignId, i) => ({ campaignId, donorSums: [...sums[i].values()] }));
}

/** Steps 2–6 of matching-rules.md's quadratic rule. Results are in the input order. */
export function finalizeRound(params: QuadraticParams, campaigns: readonly CampaignContributions[]): QuadraticRound {
  const pool = BigInt(params.pool);
  const rows = campaigns.map((c) => {
    const donorSums = c.donorSums.filter((s) => s > 0);
    const eligible = donorSums.length >= (params.minUniqueDonors ?? 1);
    return {
      campaignId: c.campaignId,
      donors: donorSums.length,
      contributionsAmount: donorSums.reduce((a, b) => a + b, 0),
      ideal: eligible ? idealFixed(donorSums) : 0n,
      eligible,
    };
  });
  const total = rows.reduce((sum, r) => sum + r.ideal, 0n);
  // Amounts as numerators over the common denominator Q.
  let Q: bigint;
  let amounts: bigint[];
  if (total === 0n) {
    Q = 1n;
    amounts = rows.map(() => 0n);
  } else if (total > pool * ONE || params.scaleUpWhenUnsaturated) {
    Q = total; // a_p = ideal_p · pool / T  →  numerator ideal_p · pool over T
    amounts = rows.map((r) => r.ideal * pool);
  } else {
    Q = ONE;
    amounts = rows.map((r) => r.ideal);
  }
  const cap = capOf(params);
  if (cap !== undefined) amounts = waterFill(amounts, BigInt(cap) * Q);
  const matches = amounts.map((a) => a / Q); // one floor per campaign
  const matched = matches.reduce((a, b) => a + b, 0n);
  return {
    poolAmount: params.pool,
    matchedAmount: Number(matched),
    unallocatedAmount: Number(pool - matched),
    results: rows.map((r, i) => ({
      campaignId: r.campaignId,
      donors: r.donors,
      contributionsAmount: r.contributionsAmount,
      idealAmount: Number(r.ideal / ONE),
      matchAmount: Number(matches[i]),
      eligible: r.eligible,
    })),
  };
}

/** capBps of the pool (floored to cents) or capAmount; the smaller when both are set. */
function capOf(p: QuadraticParams): number | undefined {
  const byBps = p.capBps === undefined ? undefined : Number((BigInt(p.pool) * BigInt(p.capBps)) / 10000n);
  if (byBps === undefined) return p.capAmount;
  return p.capAmount === undefined ? byBps : Math.min(byBps, p.capAmount);
}

/**
 * Caps every amount at `cap` and shares the excess among the amounts still below it, in
 * proportion to them (rounded down), until none is above the cap or all are capped.
 */
function waterFill(amounts: bigint[], cap: bigint): bigint[] {
  const out = [...amounts];
  for (let round = 0; round < out.length + 1; round++) {
    let excess = 0n;
    for (let i = 0; i < out.length; i++) {
      if (out[i] > cap) {
        excess += out[i] - cap;
        out[i] = cap;
      }
    }
    if (excess === 0n) return out;
    const open = out.map((a, i) => (a < cap && a > 0n ? i : -1)).filter((i) => i >= 0);
    const base = open.reduce((sum, i) => sum + out[i], 0n);
    if (base === 0n) return out; // everyone capped (or nothing to share with): the rest stays in the pool
    for (const i of open) out[i] += (excess * out[i]) / base;
  }
  return out;
}
